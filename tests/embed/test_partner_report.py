"""Organisers see what each partner site brought in, and hand a partner the signers who opted in to its updates;
every such download is logged, and an editor who may not read signatures gets neither."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from clarion.audit.models import ExportLogEntry
from tests.embed.conftest import OPT_IN
from tests.petitions.conftest import confirmed, signed

pytestmark = pytest.mark.django_db

REPORT = reverse("spread_admin_report")


@pytest.fixture
def partner_signers(petition, partner):
    confirmed(petition, "miriam@example.org", partner=partner, partner_opt_in=True)
    confirmed(petition, "=cmd@example.org", name="=HYPERLINK(1)", partner=partner, partner_opt_in=True)
    confirmed(petition, "jon@example.org", name="Jon Ash", partner=partner)
    signed(petition, "pending@example.org", partner=partner, partner_opt_in=True)  # never confirmed
    confirmed(petition, "direct@example.org", name="Came Directly")


def download(client, partner):
    response = client.get(reverse("spread_admin_partner_opt_ins", args=[partner.pk]))
    text = b"".join(response.streaming_content).decode("utf-8-sig") if response.status_code == 200 else ""
    return response, list(csv.DictReader(io.StringIO(text)))


def test_the_report_counts_signers_by_partner(staff, petition, partner, partner_signers):
    page = staff.get(REPORT, {"petition": petition.pk}).content.decode()
    table = page.split("data-partners", 1)[1]

    assert "Partner Aid" in table
    # 4 made on the partner's site, 3 confirmed, 2 of those opted in to the partner.
    assert "<td>4</td><td>3</td>" in table and "<td>2 · " in table


def test_the_partners_opt_ins_download_holds_confirmed_opt_ins_only_and_is_logged(staff, partner, partner_signers):
    response, rows = download(staff, partner)

    assert response.status_code == 200
    assert sorted(row["email"] for row in rows) == ["'=cmd@example.org", "miriam@example.org"]
    assert {row["partner_consent_text"] for row in rows} == {OPT_IN}
    assert "'=HYPERLINK(1)" in [row["name"] for row in rows]  # never a formula in the partner's spreadsheet
    [entry] = ExportLogEntry.objects.all()
    assert (entry.data["scope"], entry.data["rows"], entry.data["filters"]) == (
        "partner_opt_ins", 2, {"partner": partner.pk})


def test_an_editor_without_the_signature_permission_cannot_download(client, django_user_model, partner,
                                                                    partner_signers):
    user = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    response, rows = download(client, partner)

    assert response.status_code == 403 and not rows
    assert not ExportLogEntry.objects.exists()
