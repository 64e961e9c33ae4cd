"""Records of what happened are read-only in the admin, whichever app keeps them: one base, one behaviour."""

import pytest
from django.urls import NoReverseMatch, reverse
from wagtail.admin.viewsets import viewsets
from wagtail.permissions import policy_registry

from clarion.core.admin_readonly import ReadOnlyPolicy, ReadOnlyViewSet


def read_only_viewsets():
    # Loading the URLconf is what populates the registry (wagtail.admin.urls); populating it again here would
    # register every viewset twice in this process, and the admin menu would show each item twice.
    reverse("wagtailadmin_home")
    return [viewset for viewset in viewsets.viewsets if isinstance(viewset, ReadOnlyViewSet)]


def test_sent_mail_signatures_and_api_reads_are_the_read_only_records():
    assert {viewset.name for viewset in read_only_viewsets()} == {"outbox", "petition_signatures", "api_reads"}


@pytest.mark.django_db
@pytest.mark.parametrize("viewset", read_only_viewsets(), ids=lambda viewset: viewset.name)
def test_even_a_superuser_can_only_list_and_inspect(viewset, client, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    policy = policy_registry.get_by_type(viewset.model)
    assert isinstance(policy, ReadOnlyPolicy)
    assert policy.user_has_permission(boss, "view")
    assert not any(policy.user_has_permission(boss, action) for action in ("add", "change", "delete"))
    for name, args in (("add", []), ("edit", [1]), ("delete", [1]), ("history", [1]), ("usage", [1])):
        with pytest.raises(NoReverseMatch):
            reverse(viewset.get_url_name(name), args=args)

    client.force_login(boss)
    index = reverse(viewset.get_url_name("index"))
    listing = client.get(index)
    assert listing.status_code == 200
    assert f'href="{index}new/"' not in listing.content.decode()
    assert client.get(f"{index}edit/1/").status_code == 404
