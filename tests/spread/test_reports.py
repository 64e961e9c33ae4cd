"""Nadia, who runs the campaign, sees which channels and sources recruit, who recruits (without names), how deep
the chains go and how many invitations became signatures; an editor without the right to signatures sees nothing."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.spread.conftest import confirmed, invite, send_invitations, signed

pytestmark = pytest.mark.django_db

REPORT = reverse("spread_admin_report")


@pytest.fixture
def spread(client, petition):
    miriam = confirmed(petition, "miriam@example.org", first_touch={"utm_source": "newsletter"})
    code = miriam.supporter.referral_code
    confirmed(petition, "kaveh@example.org", name="Kaveh Amini", referral_code=code, channel="whatsapp")
    signed(petition, "omid@example.org", name="Omid Farahani", referral_code=code, channel="whatsapp",
           first_touch={"utm_source": "newsletter"})
    invite(client, miriam, [("Lena", "lena@example.org"), ("Sara", "sara@example.org"), ("Omid", "omid@example.org")])
    send_invitations()  # Omid had signed already: two invitations go out
    confirmed(petition, "lena@example.org", name="Lena Berg", referral_code=code, channel="invite")
    return miriam


def row(html, label):
    """The cells after `label` in the first table row that starts with it."""
    start = html.index(f"<td>{label}</td>")
    return html[start:html.index("</tr>", start)]


def test_staff_see_channels_sources_pseudonymous_recruiters_depth_and_conversion(staff, petition, spread):
    response = staff.get(REPORT + f"?petition={petition.pk}")

    assert response.status_code == 200
    html = response.content.decode()
    assert row(html, "whatsapp") == "<td>whatsapp</td><td>2</td><td>1</td>"
    assert row(html, "newsletter") == "<td>newsletter</td><td>2</td><td>1</td>"
    assert "Supporter #" in html
    for secret in ("miriam@example.org", "Miriam", spread.supporter.referral_code):
        assert secret not in html
    assert "Longest chain: 1 step(s)" in html
    assert 'data-invitations-sent>2<' in html and 'data-invitations-signed>1 (50%)<' in html


def test_the_spreading_report_is_in_the_admin_menu(staff):
    assert REPORT in staff.get(reverse("wagtailadmin_home")).content.decode()


def test_an_editor_without_the_signature_permission_is_forbidden(client, django_user_model, spread):
    user = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    response = client.get(REPORT)

    assert response.status_code == 403
    assert b"Supporter #" not in response.content
    assert REPORT not in client.get(reverse("wagtailadmin_home")).content.decode()
