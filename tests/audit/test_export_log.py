"""Every export of personal data leaves a record of who took what, when: Olga exports a petition's signers and
a supporter's data, Miriam downloads her own; Ada, who audits, reads it all in Reports → Site history, while
Eddie, an editor of the petition page without the audit right, sees none of it."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from clarion.audit.models import ExportLogEntry
from clarion.petitions.models import SignatureState
from clarion.supporters import tokens
from tests.petitions.conftest import confirmed, signed
from tests.supporters.conftest import path_of

pytestmark = pytest.mark.django_db

SITE_HISTORY = "/admin/reports/site-history/"


@pytest.fixture
def signers(petition):
    miriam = confirmed(petition, "miriam@example.org", opt_in=True)
    confirmed(petition, "leyla@example.org", name="Leyla Karimi")
    signed(petition, "kaveh@example.org", name="Kaveh Tehrani")
    return miriam.supporter


@pytest.fixture
def olga(client, django_user_model):
    """An organiser with every right (a superuser), signed in."""
    user = django_user_model.objects.create_superuser("olga", "olga@example.org", "pw")
    client.force_login(user)
    return user


def entries():
    return list(ExportLogEntry.objects.order_by("pk"))


def test_exporting_a_petitions_signatures_records_who_which_petition_and_how_many(client, olga, petition, signers):
    answer = client.get(f"/admin/petitions/{petition.pk}/export.csv?state={SignatureState.VALIDATED}")
    assert answer.status_code == 200
    b"".join(answer.streaming_content)

    [entry] = entries()
    assert entry.user == olga
    assert entry.action == "clarion.export"
    assert (entry.content_type.model_class().__name__, entry.object_id) == ("PetitionPage", str(petition.pk))
    assert entry.data == {"scope": "signatures", "rows": 2, "channel": "admin", "filters": {"state": "validated"}}
    assert entry.label == petition.title
    assert entry.message == "Exported 2 signatures as CSV (only “validated”)"


def test_the_export_is_recorded_before_a_single_row_leaves(client, olga, petition, signers):
    """A download cut short after its first bytes still counts as an export."""
    answer = client.get(f"/admin/petitions/{petition.pk}/export.csv")
    next(iter(answer.streaming_content))

    [entry] = entries()
    assert entry.data["rows"] == 3 and entry.data["filters"] == {"state": ""}


def test_exporting_a_supporter_records_them_by_number_only(client, olga, signers):
    answer = client.get(f"/admin/supporters/export/{signers.pk}/")
    assert answer.status_code == 200

    [entry] = entries()
    assert entry.user == olga
    assert (entry.content_type.model_class().__name__, entry.object_id) == ("Supporter", str(signers.pk))
    # One record per consent, signature, tag and item of every other app's list; one per other section.
    document = answer.json()
    assert len(document["consents"]) == 1 and len(document["signatures"]) == 1
    assert entry.data["scope"] == "supporter"
    assert entry.data["rows"] == sum(len(part) if isinstance(part, list) else 1 for part in document.values())
    # The log outlives an erasure: it names nobody.
    assert entry.label == f"Supporter #{signers.pk}"
    assert "miriam" not in str(entry.data).lower() and "miriam" not in entry.label.lower()


def test_a_supporter_downloading_their_own_data_is_recorded_without_a_user(client, signers):
    answer = client.get(path_of(tokens.preferences_url(signers)) + "my-data.json")
    assert answer.status_code == 200

    [entry] = entries()
    assert entry.user is None
    assert entry.data["channel"] == "self-service"
    assert entry.message.startswith("The supporter downloaded their own data")


def test_a_refused_export_records_nothing(client, django_user_model, petition, signers):
    eddie = django_user_model.objects.create_user("eddie", "eddie@example.org", "pw")
    eddie.groups.add(Group.objects.get(name="Editors"))
    client.force_login(eddie)

    assert client.get(f"/admin/petitions/{petition.pk}/export.csv").status_code == 403
    assert client.get(f"/admin/supporters/export/{signers.pk}/").status_code == 403
    assert client.get(f"/admin/petitions/{petition.pk}/export.csv?state=nonsense").status_code in {400, 403}
    assert entries() == []


def test_an_auditor_reads_the_exports_in_site_history(client, olga, petition, signers):
    client.get(f"/admin/supporters/export/{signers.pk}/")
    b"".join(client.get(f"/admin/petitions/{petition.pk}/export.csv").streaming_content)

    page = client.get(SITE_HISTORY).content.decode()

    assert "Exported 3 signatures as CSV" in page
    assert "Exported all data held on the supporter as JSON" in page
    assert f"Supporter #{signers.pk}" in page and "olga" in page
    # The action can be picked in the report's filter.
    filtered = client.get(SITE_HISTORY, {"action": "clarion.export"}).content.decode()
    assert "Exported 3 signatures as CSV" in filtered


def test_an_editor_of_the_petition_without_the_audit_right_sees_no_export(client, django_user_model, olga, petition,
                                                                          signers):
    b"".join(client.get(f"/admin/petitions/{petition.pk}/export.csv").streaming_content)
    client.get(f"/admin/supporters/export/{signers.pk}/")
    eddie = django_user_model.objects.create_user("eddie", "eddie@example.org", "pw")
    editors = Group.objects.get(name="Editors")
    eddie.groups.add(editors)
    # Eddie may edit the petition page itself, and read signatures and supporters: still no audit right.
    GroupPagePermission.objects.get_or_create(group=editors, page=petition.get_parent(),
                                              permission=Permission.objects.get(codename="change_page"))
    editors.permissions.add(Permission.objects.get(codename="view_signature"),
                            Permission.objects.get(codename="view_supporter"))
    client.force_login(eddie)

    page = client.get(SITE_HISTORY)

    assert page.status_code == 200
    assert "Exported" not in page.content.decode()
    assert client.get(SITE_HISTORY, {"action": "clarion.export"}).status_code in {200, 400}
    assert "Exported" not in client.get(SITE_HISTORY, {"action": "clarion.export"}).content.decode()


def test_the_audit_right_can_be_given_to_a_group(client, django_user_model, olga, petition, signers):
    b"".join(client.get(f"/admin/petitions/{petition.pk}/export.csv").streaming_content)
    ada = django_user_model.objects.create_user("ada", "ada@example.org", "pw")
    auditors = Group.objects.create(name="Auditors")
    auditors.permissions.add(Permission.objects.get(codename="access_admin"),
                             Permission.objects.get(content_type__app_label="audit", codename="view_exportlogentry"))
    ada.groups.add(auditors)
    # The right is offered on the group's page in Settings → Groups.
    assert "export of personal data" in client.get(f"/admin/groups/edit/{auditors.pk}/").content.decode().lower()
    client.force_login(ada)

    assert "Exported 3 signatures as CSV" in client.get(SITE_HISTORY).content.decode()
