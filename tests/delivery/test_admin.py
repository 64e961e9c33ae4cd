"""Editors build, follow and download the pack only with the right permission, and every download is logged;
paper signatures are entered in the admin and always shown apart from the verified online count."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.staticfiles import finders
from django.urls import reverse
from wagtail.models import ModelLogEntry

from clarion.delivery import actions
from clarion.delivery.models import DeliveryPack, PackStatus, PaperSignature
from tests.delivery.conftest import build_pack
from tests.i18n.translate import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    """An editor who may open the admin and see the delivery page, and nothing more until given it."""
    user = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_deliverypack"]))
    client.force_login(user)
    return client, user


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="delivery", codename__in=codenames))


def page(petition):
    return reverse("delivery_admin:petition", args=[petition.pk])


def test_an_editor_without_the_download_right_cannot_download_and_nothing_is_logged(editor, mixed_petition):
    client, user = editor
    pack = build_pack(mixed_petition)
    url = reverse("delivery_admin:download", args=[pack.pk, "names.csv"])
    response = client.get(url)
    assert response.status_code == 403
    assert b"Amira" not in response.content
    assert not ModelLogEntry.objects.filter(action=actions.PACK_DOWNLOADED).exists()
    assert b"names.csv" not in client.get(page(mixed_petition)).content


def test_a_download_is_logged_with_who_and_which_file(editor, mixed_petition):
    client, user = editor
    grant(user, "download_deliverypack")
    pack = build_pack(mixed_petition)
    response = client.get(reverse("delivery_admin:download", args=[pack.pk, "names.csv"]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Amira Haddad" in body and "Quiet Signer" not in body and "Pending Person" not in body
    assert response["Content-Disposition"].startswith("attachment")
    entry = ModelLogEntry.objects.get(action=actions.PACK_DOWNLOADED)
    assert entry.user == user and entry.data["file"] == "names.csv"


@pytest.mark.parametrize("filename", ["../../secret_key", "summary.PDF", "names-999.pdf", "%2e%2e%2fsettings.py"])
def test_no_file_but_the_packs_own_can_be_asked_for(editor, mixed_petition, filename):
    client, user = editor
    grant(user, "download_deliverypack")
    pack = build_pack(mixed_petition)
    response = client.get(reverse("delivery_admin:download", args=[pack.pk, "x"]).replace("/x", "/" + filename))
    assert response.status_code in (301, 404)  # a path with "/" never reaches the view: the slash redirect
    assert not getattr(response, "streaming", False)
    assert not ModelLogEntry.objects.filter(action=actions.PACK_DOWNLOADED).exists()


def test_building_needs_its_own_right_and_queues_a_pack_shown_with_its_progress(editor, mixed_petition):
    client, user = editor
    data = {"form": "pack", "pack-cover_letter": "Dear Minister Vale,"}
    assert client.post(page(mixed_petition), data).status_code == 403
    assert not DeliveryPack.objects.exists()
    grant(user, "add_deliverypack")
    assert client.post(page(mixed_petition), data).status_code == 302
    pack = DeliveryPack.objects.get()
    assert pack.status == PackStatus.QUEUED and pack.cover_letter == "Dear Minister Vale," and pack.created_by == user
    progress = client.get(reverse("delivery_admin:progress", args=[pack.pk])).json()
    assert progress["status"] == "queued" and progress["finished"] is False
    assert b'data-controller="pack-progress"' in client.get(page(mixed_petition)).content


def test_paper_signatures_are_entered_as_rows_or_tallies_and_kept_apart(editor, mixed_petition):
    client, user = editor
    grant(user, "add_papersignature")
    row = {"form": "row", "row-name": "Lea Park", "row-place": "Leeds"}
    assert client.post(page(mixed_petition), row).status_code == 302
    assert client.post(page(mixed_petition), {"form": "tally", "tally-count": "2099",
                                               "tally-note": "Market stall"}).status_code == 302
    assert sorted(PaperSignature.objects.values_list("count", flat=True)) == [1, 2099]
    assert ModelLogEntry.objects.filter(action=actions.PAPER_ADDED, user=user).count() == 2
    content = client.get(page(mixed_petition)).content.decode()
    assert "5 verified online + 2,100 on paper" in content


@pytest.mark.parametrize("data", [
    {"form": "tally", "tally-count": "-5", "tally-note": "x"},
    {"form": "tally", "tally-count": "99999999999999999999", "tally-note": "x"},
    {"form": "tally", "tally-count": "12", "tally-note": ""},
    {"form": "row", "row-name": ""},
    {"form": "nonsense"},
])
def test_bad_paper_entries_are_refused_with_a_4xx(editor, mixed_petition, data):
    client, user = editor
    grant(user, "add_papersignature")
    response = client.post(page(mixed_petition), data)
    assert response.status_code == 400
    assert not PaperSignature.objects.exists()


def test_without_the_right_no_paper_signatures_are_added(editor, mixed_petition):
    client, _user = editor
    response = client.post(page(mixed_petition), {"form": "tally", "tally-count": "500", "tally-note": "x"})
    assert response.status_code == 403
    assert not PaperSignature.objects.exists()


def test_the_signing_sheet_prints_the_demand(editor, mixed_petition):
    client, _user = editor
    response = client.get(reverse("delivery_admin:sheet", args=[mixed_petition.pk]))
    assert response.status_code == 200
    assert mixed_petition.demand in response.content.decode()
    assert b"<tbody><tr><td></td>" in response.content


def test_the_signing_sheet_prints_in_each_language_the_petition_is_written_in(editor, mixed_petition, settings):
    client, user = editor
    persian = translate(mixed_petition, "fa", title="بگذارید خانواده‌ها بمانند", demand="دستور بازگشت را لغو کنید.")
    sheet = reverse("delivery_admin:sheet", args=[mixed_petition.pk])

    english, farsi = client.get(sheet).content.decode(), client.get(f"{sheet}?language=fa").content.decode()

    assert '<html lang="en" dir="ltr">' in english and mixed_petition.demand in english
    assert '<html lang="fa" dir="rtl">' in farsi and "دستور بازگشت را لغو کنید." in farsi
    assert "برگهٔ امضا" in farsi and "Signing sheet" not in farsi and persian.title in farsi
    # A language the petition is not written in, or nonsense, is a 404, not an English sheet calling itself Arabic.
    assert client.get(f"{sheet}?language=ar").status_code == 404
    assert client.get(f"{sheet}?language=%00%ff").status_code == 404
    # The delivery page offers one sheet per language; the sheet's style brings the Persian letters' font.
    delivery = client.get(page(mixed_petition)).content.decode()
    assert f"{sheet}?language=fa" in delivery and f"{sheet}?language=en" in delivery
    style = (settings.BASE_DIR / "clarion/delivery/static/delivery/css/signing-sheet.css").read_text()
    assert '"Vazirmatn"' in style.split(".sheet {")[1].split("}")[0]
    assert finders.find("clarion/fonts/vazirmatn-arabic-wght-normal.woff2")


def test_an_admin_without_the_delivery_right_gets_no_sheet_in_any_language(client, django_user_model, mixed_petition):
    user = django_user_model.objects.create_user("writer", "w@example.org", "pw")
    user.user_permissions.add(*Permission.objects.filter(codename="access_admin"))
    client.force_login(user)
    translate(mixed_petition, "fa", title="بگذارید خانواده‌ها بمانند", demand="دستور بازگشت را لغو کنید.")
    sheet = reverse("delivery_admin:sheet", args=[mixed_petition.pk])
    for url in (sheet, f"{sheet}?language=fa"):
        response = client.get(url)
        assert response.status_code == 403
        assert "دستور بازگشت" not in response.content.decode()


def test_the_petition_editor_links_to_its_delivery_page(staff, mixed_petition):
    response = staff.get(reverse("wagtailadmin_pages:edit", args=[mixed_petition.pk]))
    assert page(mixed_petition) in response.content.decode()
    home = mixed_petition.get_parent()
    assert page(home) not in staff.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).content.decode()
