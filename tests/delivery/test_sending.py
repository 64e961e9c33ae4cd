"""The pack goes to the target through the outbox as a private link that expires; sending records the delivery,
and the link gives the target the files (each download logged) until it expires."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.users.models import UserProfile

from clarion.delivery import actions, sending
from clarion.delivery.links import LINK_DAYS, SALT
from clarion.mail.models import OutboxMessage
from clarion.petitions.models import PetitionPage, PetitionSteps
from tests.delivery.conftest import build_pack
from tests.factories import make_home, publish
from tests.i18n.translate import translate
from tests.petitions.conftest import deliver_outbox
from tests.petitions.test_admin_support import add_signatures

pytestmark = pytest.mark.django_db


@pytest.fixture
def sender(client, django_user_model):
    user = django_user_model.objects.create_user("sender", "s@example.org", "pw")
    user.user_permissions.add(*Permission.objects.filter(
        codename__in=["access_admin", "view_deliverypack", "download_deliverypack"]))
    client.force_login(user)
    return client, user


@pytest.fixture
def closed(mixed_petition):
    """The petition has closed: only now may it be delivered."""
    mixed_petition.closes_at = timezone.now() - timedelta(hours=1)
    mixed_petition.save()
    return mixed_petition


def delivery_step(petition):
    return PetitionSteps.objects.filter(petition=petition).first()


def send(client, petition, pack, to="minister@example.gov"):
    return client.post(reverse("delivery_admin:petition", args=[petition.pk]),
                       {"form": "send", "pack": str(pack.pk), "send-to": to})


def test_the_target_gets_a_private_link_and_the_delivery_is_recorded(sender, closed, smtp_server, client):
    admin_client, user = sender
    mixed_petition = closed
    pack = build_pack(mixed_petition)
    assert send(admin_client, mixed_petition, pack).status_code == 302
    pack.refresh_from_db()
    assert pack.sent_to == "minister@example.gov" and pack.sent_at
    step = delivery_step(mixed_petition)
    assert step.delivered_at == pack.sent_at
    # The public timeline names the target; the address and the pack stay in the admin.
    assert step.delivery_recipient == mixed_petition.target_name and not step.delivery_note
    assert "delivery pack" in step.delivery_method
    assert PageLogEntry.objects.filter(action="clarion.petitions.delivered", user=user).exists()
    assert ModelLogEntry.objects.filter(action=actions.PACK_SENT, user=user).exists()
    deliver_outbox()
    [message] = smtp_server.to("minister@example.gov")
    text = message.get_body(("plain",)).get_content()
    assert "5 verified online + 0 on paper" in text and "Amira" not in text
    # A pack this small is attached too, as the files on disk.
    attached = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert sorted(attached) == sorted(pack.files)
    assert attached["summary.pdf"] == (pack.directory / "summary.pdf").read_bytes()
    assert "Amira Haddad" in (pack.directory / "names.csv").read_text(encoding="utf-8-sig")
    assert "attached to this message" in text
    link = re.search(r"http\S*/delivery/[^/\s]+/", text).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    page = client.get("/" + path)
    assert page.status_code == 200 and b"names.csv" in page.content
    assert "no-store" in page["Cache-Control"]  # never kept by the page cache or a proxy
    download = client.get("/" + path + "names.csv")
    assert download.status_code == 200
    assert "Amira Haddad" in b"".join(download.streaming_content).decode("utf-8-sig")
    assert ModelLogEntry.objects.filter(action=actions.PACK_DOWNLOADED, user=None).count() == 1


def test_an_expired_or_forged_link_gives_nothing(client, closed):
    mixed_petition = closed
    pack = build_pack(mixed_petition)
    actions.record_sent(pack, to="minister@example.gov")
    token = signing.dumps({"p": pack.pk}, salt=SALT, compress=True)
    forged = signing.dumps({"p": pack.pk}, salt="another purpose", compress=True)
    assert client.get(reverse("delivery:pack", args=[forged])).status_code == 410
    assert client.get(reverse("delivery:pack_file", args=[forged, "names.csv"])).status_code == 410
    with freeze_time(pack.sent_at + timedelta(days=LINK_DAYS + 1)):
        response = client.get(reverse("delivery:pack_file", args=[token, "names.csv"]))
    assert response.status_code == 410 and b"Amira" not in response.content


def test_only_a_ready_pack_is_sent_and_the_right_is_needed(sender, closed, django_user_model):
    admin_client, user = sender
    mixed_petition = closed
    pack = actions.request_pack(mixed_petition, cover_letter="Dear Minister,")
    assert send(admin_client, mixed_petition, pack).status_code == 400
    assert send(admin_client, mixed_petition, pack, to="not an address").status_code == 400
    user.user_permissions.remove(Permission.objects.get(codename="download_deliverypack"))
    assert send(admin_client, mixed_petition, build_pack(mixed_petition)).status_code == 403
    assert delivery_step(mixed_petition) is None


def test_a_petition_still_taking_signatures_is_not_sent(sender, mixed_petition, smtp_server):
    """Sending the pack is its delivery, which the petition's lifecycle allows only once it has closed."""
    admin_client, _user = sender
    pack = build_pack(mixed_petition)
    answer = send(admin_client, mixed_petition, pack)
    assert answer.status_code == 400
    assert "still takes signatures" in answer.content.decode()
    pack.refresh_from_db()
    assert pack.sent_at is None and delivery_step(mixed_petition) is None
    deliver_outbox()
    assert smtp_server.to("minister@example.gov") == []


def test_a_large_pack_goes_as_a_link_only_and_a_deleted_one_not_at_all(sender, closed, smtp_server, monkeypatch,
                                                                       django_capture_on_commit_callbacks):
    admin_client, _user = sender
    monkeypatch.setattr(sending, "ATTACH_BYTES", 1000)
    pack = build_pack(closed)
    assert send(admin_client, closed, pack).status_code == 302
    deliver_outbox()
    [message] = smtp_server.to("minister@example.gov")
    assert list(message.iter_attachments()) == []
    assert "/delivery/" in message.get_body(("plain",)).get_content()

    monkeypatch.setattr(sending, "ATTACH_BYTES", 10 * 1024 * 1024)
    second = build_pack(closed)
    sending.send_pack(second, to="office@example.gov")
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()  # its files go with it, before the worker sends the mail
    assert not second.directory.exists()
    deliver_outbox()
    assert smtp_server.to("office@example.gov") == []
    failed = OutboxMessage.objects.get(to="office@example.gov")
    assert failed.status == OutboxMessage.Status.FAILED and "attachment" in failed.last_error


def test_after_sending_the_page_leads_on_to_the_response_and_the_update(sender, closed, django_user_model):
    admin_client, user = sender
    page = reverse("delivery_admin:petition", args=[closed.pk])
    pack = build_pack(closed)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["record_steps", "add_mailing"]))
    admin_client.force_login(django_user_model.objects.get(pk=user.pk))  # permissions are cached on the instance
    assert "After the delivery" not in admin_client.get(page).content.decode()  # nothing sent yet
    assert send(admin_client, closed, pack).status_code == 302
    text = admin_client.get(page).content.decode()
    assert "After the delivery" in text
    assert reverse("petitions_admin:steps", args=[closed.pk]) in text
    assert f"{reverse('alerts_mailings:add')}?update_for={closed.pk}" in text
    assert admin_client.get(reverse("petitions_admin:steps", args=[closed.pk])).status_code == 200


def _mail_to_the_target(smtp_server):
    deliver_outbox()
    [message] = smtp_server.to("minister@example.gov")
    return message, message.get_body(("html",)).get_content()


def test_the_target_reads_the_petitions_language_not_the_sending_admins(sender, closed, smtp_server):
    """Farah's admin screens are in Persian; the petition, its pack's papers and so its mail are English."""
    admin_client, user = sender
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fa"
    profile.save()
    assert send(admin_client, closed, build_pack(closed)).status_code == 302
    message, html = _mail_to_the_target(smtp_server)
    assert 'lang="en" dir="ltr"' in html and "verified online" in message.get_body(("plain",)).get_content()


def test_a_petition_written_in_persian_is_delivered_in_persian(client, smtp_server):
    persian_home = translate(make_home(), "fa")
    petition = publish(persian_home, PetitionPage(
        title="بگذارید خانواده‌ها بمانند", slug="petition", target_name="اورن ویل", demand="دستور را لغو کنید.",
        goal=1000, closes_at=timezone.now() + timedelta(days=15)))
    add_signatures(petition, 2, name="Quiet Signer", country="GB")
    petition.closes_at = timezone.now() - timedelta(hours=1)
    petition.save()
    pack = build_pack(petition)
    sending.send_pack(pack, to="minister@example.gov")
    message, html = _mail_to_the_target(smtp_server)
    assert 'lang="fa" dir="rtl"' in html and "بگذارید خانواده‌ها بمانند" in message["Subject"] + html
    link = re.search(r"http\S*/delivery/[^/\s]+/", message.get_body(("plain",)).get_content()).group(0)
    page = client.get("/" + link.split("://", 1)[1].split("/", 1)[1], HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and '<html lang="fa" dir="rtl"' in page.content.decode()
