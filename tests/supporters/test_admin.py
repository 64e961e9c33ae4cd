"""Olga, an organiser, finds supporters in the admin, reads their consent history and signatures, tags them,
exports one's data and erases another; an editor without the right sees none of it."""

import json

import pytest
from django.contrib.auth.models import Group, Permission

from clarion.petitions.counting import count_round, read_counts, recount
from clarion.supporters.models import Supporter
from tests.supporters.conftest import subscriber
from tests.supporters.test_records import confirmed

pytestmark = pytest.mark.django_db

INDEX = "/admin/supporters/"


@pytest.fixture
def supporters(petition):
    miriam = confirmed(petition, "miriam@example.org", opt_in=True, country="IR").supporter
    miriam.tags.add("volunteer")
    kaveh = subscriber("kaveh@example.org", name="Kaveh Tehrani", country="DE", language="fa")
    leyla = confirmed(petition, "leyla@example.org", name="Leyla Karimi", country="DE").supporter
    return miriam, kaveh, leyla


def listed(answer):
    html = answer.content.decode()
    return sorted(email for email in ("miriam@example.org", "kaveh@example.org", "leyla@example.org")
                  if email in html)


def test_organiser_searches_and_filters_supporters(staff, supporters):  # noqa: F811
    assert listed(staff.get(INDEX)) == ["kaveh@example.org", "leyla@example.org", "miriam@example.org"]
    assert listed(staff.get(INDEX, {"q": "Tehrani"})) == ["kaveh@example.org"]
    assert listed(staff.get(INDEX, {"q": "leyla@"})) == ["leyla@example.org"]
    assert listed(staff.get(INDEX, {"subscribed": "true"})) == ["kaveh@example.org", "miriam@example.org"]
    assert listed(staff.get(INDEX, {"subscribed": "false"})) == ["leyla@example.org"]
    assert listed(staff.get(INDEX, {"country": "DE"})) == ["kaveh@example.org", "leyla@example.org"]
    assert listed(staff.get(INDEX, {"language": "fa"})) == ["kaveh@example.org"]
    tag = supporters[0].tags.get()
    assert listed(staff.get(INDEX, {"tag": tag.pk})) == ["miriam@example.org"]


def test_organiser_reads_a_supporters_consent_history_and_signatures(staff, petition, supporters):  # noqa: F811
    miriam = supporters[0]

    answer = staff.get(f"/admin/supporters/inspect/{miriam.pk}/")

    html = answer.content.decode()
    assert answer.status_code == 200
    assert "Consent history" in html and petition.consent_text in html and "petition" in html
    assert petition.title in html and "Export as JSON" in html and "Erase" in html


def test_organiser_tags_a_supporter(staff, supporters):  # noqa: F811
    kaveh = supporters[1]

    answer = staff.post(f"/admin/supporters/edit/{kaveh.pk}/", {"tags": "speaker, translator"})

    assert answer.status_code == 302
    assert sorted(Supporter.objects.get(pk=kaveh.pk).tags.names()) == ["speaker", "translator"]


def test_organiser_exports_a_supporters_data(staff, supporters):  # noqa: F811
    miriam = supporters[0]

    answer = staff.get(f"/admin/supporters/export/{miriam.pk}/")

    assert answer.status_code == 200 and "attachment" in answer["Content-Disposition"]
    data = json.loads(answer.content)
    assert data["supporter"]["email"] == "miriam@example.org" and data["tags"] == ["volunteer"]
    assert len(data["consents"]) == len(data["signatures"]) == 1


def test_organiser_erases_a_supporter_after_confirming(staff, petition, supporters):  # noqa: F811
    miriam = supporters[0]
    count_round()
    page = f"/admin/supporters/erase/{miriam.pk}/"

    asked = staff.get(page)
    assert asked.status_code == 200 and "This cannot be undone." in asked.content.decode()
    assert staff.post(page).status_code == 400
    assert Supporter.objects.get(pk=miriam.pk).erased_at is None
    done = staff.post(page, {"confirm": "erase"})

    assert done.status_code == 302 and done["Location"] == INDEX
    assert Supporter.objects.get(pk=miriam.pk).erased_at is not None
    assert listed(staff.get(INDEX)) == ["kaveh@example.org", "leyla@example.org"]
    assert recount(petition.pk) == 0 and read_counts(petition.pk)["total"] == 2
    assert staff.get(f"/admin/supporters/inspect/{miriam.pk}/").status_code == 404


def test_an_editor_without_the_right_cannot_see_supporters(client, django_user_model, supporters):
    editor = django_user_model.objects.create_user("eddie", "eddie@example.org", "pw")
    editors = Group.objects.create(name="Page editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    client.force_login(editor)
    miriam = supporters[0]

    assert client.get("/admin/").status_code == 200
    assert "/admin/supporters/" not in client.get("/admin/").content.decode()
    for page in (INDEX, f"/admin/supporters/inspect/{miriam.pk}/", f"/admin/supporters/export/{miriam.pk}/",
                 f"/admin/supporters/erase/{miriam.pk}/"):
        answer = client.get(page)
        assert answer.status_code in (302, 403), page
        assert "miriam@example.org" not in answer.content.decode()
    assert client.post(f"/admin/supporters/erase/{miriam.pk}/", {"confirm": "erase"}).status_code == 403
    assert Supporter.objects.get(pk=miriam.pk).erased_at is None


def test_the_admin_history_keeps_no_name_or_address_of_a_supporter_and_forgets_them_on_erasure(staff, supporters):  # noqa: F811
    from wagtail.models import ModelLogEntry

    from clarion.alerts.models import Delivery, Mailing
    from clarion.supporters.actions import erase_supporter

    kaveh = supporters[1]
    staff.post(f"/admin/supporters/edit/{kaveh.pk}/", {"tags": "speaker"})
    # An entry written the old way (the supporter's name and address as its label), as history from before.
    ModelLogEntry.objects.log_action(kaveh, "wagtail.edit")
    mailing = Mailing.objects.create(subject="Act now", body="Hello")
    Delivery.objects.create(mailing=mailing, supporter=kaveh, status="failed", error="550 kaveh@example.org unknown")
    labels = list(ModelLogEntry.objects.filter(object_id=str(kaveh.pk)).values_list("label", flat=True))
    assert labels and "kaveh@example.org" not in labels[-1] and "Kaveh" not in labels[-1]

    erase_supporter(kaveh, how="admin")

    remains = [str(row) for row in ModelLogEntry.objects.values_list("label", "data")]
    remains += list(Delivery.objects.values_list("error", flat=True))
    assert not [row for row in remains if "kaveh" in row.lower() or "Tehrani" in row]
    assert Delivery.objects.filter(supporter=kaveh).count() == 1
