"""“We delivered it”: an update to everyone who confirmed their signature on one petition, newsletter or not,
through the alerts' own sending; whoever stopped that petition's updates, was erased, never confirmed or was
invalidated gets nothing, and the one-click link in an update stops that petition's updates only."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from clarion.alerts import actions
from clarion.alerts.models import Delivery, DeliveryStatus, Mailing, MailingStatus, PetitionUpdateOptOut
from clarion.petitions import actions as petition_actions
from clarion.petitions.models import PetitionPage, Signature
from clarion.supporters import actions as supporter_actions
from clarion.supporters.models import Supporter
from tests.alerts.conftest import composed, send_now
from tests.factories import publish
from tests.petitions.conftest import confirmed, signed

UPDATE = {"subject": "We delivered it, {{ first_name|default:\"Friend\" }}",
          "body": "Dear {{ first_name|default:\"Friend\" }},\n\nWe handed your signatures to the minister today."}


def compose_update(client, petition, **fields):
    response = client.get(reverse("alerts_mailings:add") + f"?update_for={petition.pk}")
    assert f'value="{petition.pk}" selected' in response.content.decode()
    return composed(client, None, petition, update_for=petition.pk, **(UPDATE | fields))


def another_petition(petition):
    return publish(petition.get_parent(), PetitionPage(
        title="Another petition", slug="other-petition", target_name="Oren Vale", demand="Another demand.",
        closes_at=petition.closes_at))


def stop_link(message):
    url = message["List-Unsubscribe"].strip().strip("<>")
    assert url.startswith(settings.CLARION_BASE_URL + "/updates/stop/")
    return url.removeprefix(settings.CLARION_BASE_URL)


def supporter(email):
    return Supporter.objects.get(email=email)


def test_an_update_reaches_each_confirmed_signer_once_and_nobody_else(staff, petition, smtp_server,
                                                                      django_capture_on_commit_callbacks):
    other = another_petition(petition)
    confirmed(petition, "newsletter@example.org", opt_in=True)
    confirmed(petition, "no-newsletter@example.org", opt_in=False)
    confirmed(petition, "twice@example.org")
    confirmed(other, "twice@example.org")
    signed(petition, "unconfirmed@example.org")
    confirmed(other, "other-only@example.org")
    bot = confirmed(petition, "invalidated@example.org")
    petition_actions.invalidate_signatures(petition, Signature.objects.filter(pk=bot.pk), criteria={})
    confirmed(petition, "stopped@example.org")
    actions.stop_petition_updates(supporter("stopped@example.org"), petition)
    confirmed(other, "stopped-other@example.org")
    confirmed(petition, "stopped-other@example.org")
    actions.stop_petition_updates(supporter("stopped-other@example.org"), other)
    confirmed(petition, "erased@example.org")
    supporter_actions.erase_supporter(supporter("erased@example.org"), how="admin")
    smtp_server.messages.clear()

    mailing = send_now(staff, compose_update(staff, petition), django_capture_on_commit_callbacks)

    assert mailing.status == MailingStatus.SENT
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "newsletter@example.org", "no-newsletter@example.org", "stopped-other@example.org", "twice@example.org"]
    message = next(m for m in smtp_server.messages if m["To"] == "no-newsletter@example.org")
    text = message.get_body(("plain",)).get_content()
    assert text.startswith("Dear Miriam,") and "We handed your signatures" in text
    assert f"You receive this because you signed “{petition.title}”" in text
    assert stop_link(message) in text  # the visible link is the same petition-only stop page
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The others were never addressed at all (no delivery row to skip), and the organiser confirmed four.
    assert Delivery.objects.filter(mailing=mailing).count() == Delivery.objects.filter(
        mailing=mailing, status=DeliveryStatus.SENT).count() == mailing.recipients_count == 4


def test_one_click_stops_this_petitions_updates_only(staff, petition, smtp_server,
                                                    django_capture_on_commit_callbacks):
    other = another_petition(petition)
    confirmed(petition, "leila@example.org", opt_in=True)
    confirmed(other, "leila@example.org")
    smtp_server.messages.clear()
    send_now(staff, compose_update(staff, petition), django_capture_on_commit_callbacks)
    [message] = smtp_server.messages
    link = stop_link(message)
    mail_program = Client(enforce_csrf_checks=True)

    looked_at = mail_program.get(link)
    assert "Stop these updates" in looked_at.content.decode()
    assert not PetitionUpdateOptOut.objects.exists()  # a link scanner's GET changes nothing
    response = mail_program.post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert f"no more updates about “{petition.title}”" in response.content.decode().replace("&#x27;", "'")
    leila = supporter("leila@example.org")
    assert list(PetitionUpdateOptOut.objects.values_list("supporter", "petition")) == [(leila.pk, petition.pk)]
    assert leila.subscribed  # the newsletter is another matter
    assert mail_program.post(link, {"List-Unsubscribe": "One-Click"}).status_code == 200  # twice is harmless

    smtp_server.messages.clear()
    send_now(staff, compose_update(staff, other), django_capture_on_commit_callbacks)
    assert [m["To"] for m in smtp_server.messages] == ["leila@example.org"]
    again = compose_update(staff, petition)
    page = staff.get(reverse("alerts_mailings:confirm_send", args=[again.pk]))
    assert page.status_code == 400 and "can receive its updates" in page.content.decode()


def test_a_forged_or_altered_stop_link_does_nothing(client, petition):
    confirmed(petition, "leila@example.org")
    from clarion.alerts.updates import updates_token

    real = updates_token(supporter("leila@example.org").pk, petition.pk)
    for token in (real[:-2] + "xx", "nonsense", updates_token(999999, petition.pk)):
        assert client.post(f"/updates/stop/{token}/", {"List-Unsubscribe": "One-Click"}).status_code == 404
    assert not PetitionUpdateOptOut.objects.exists()


def test_someone_who_stops_after_the_send_started_is_skipped(staff, petition, smtp_server,
                                                             django_capture_on_commit_callbacks):
    confirmed(petition, "a@example.org")
    confirmed(petition, "b@example.org")
    smtp_server.messages.clear()
    mailing = compose_update(staff, petition)
    from tests.alerts.conftest import confirm_and_send

    with django_capture_on_commit_callbacks(execute=False):
        confirm_and_send(staff, mailing, django_capture_on_commit_callbacks)
    actions.stop_petition_updates(supporter("b@example.org"), petition)
    from tests.conftest import run_queued_tasks

    run_queued_tasks()
    assert [m["To"] for m in smtp_server.messages] == ["a@example.org"]
    assert Delivery.objects.get(mailing=mailing, supporter__email="b@example.org").status == DeliveryStatus.SKIPPED


def test_an_editor_without_the_right_cannot_send_an_update(client, django_user_model, petition,
                                                           django_capture_on_commit_callbacks):
    confirmed(petition, "leila@example.org")
    editor = django_user_model.objects.create_user("farah", "farah@example.org", "pw")
    group = Group.objects.get(name="Editors")
    group.permissions.add(*Permission.objects.filter(codename__in=["add_mailing", "change_mailing"]))
    editor.groups.add(group)
    client.force_login(editor)
    mailing = compose_update(client, petition)
    assert client.get(reverse("alerts_mailings:confirm_send", args=[mailing.pk])).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("alerts_mailings:send", args=[mailing.pk]), {"action": "send", "recipients": 1})
    assert response.status_code == 403
    assert Mailing.objects.get(pk=mailing.pk).status == MailingStatus.DRAFT
    assert not Delivery.objects.exists()


def test_a_mailing_goes_to_a_segment_or_to_signers_not_both(staff, petition):
    from tests.alerts.conftest import compose, create_segment

    segment = create_segment(staff)
    response = compose(staff, segment, petition, update_for=petition.pk, **UPDATE)
    assert response.status_code == 200
    assert "not both" in response.content.decode()
    assert not Mailing.objects.exists()


def test_the_petition_editor_offers_an_update_to_its_signers(staff, petition):
    html = staff.get(reverse("wagtailadmin_pages:edit", args=[petition.pk])).content.decode()
    assert f'href="{reverse("alerts_mailings:add")}?update_for={petition.pk}"' in html
    assert "Send an update to signers" in html


def test_erasure_forgets_which_petitions_updates_someone_stopped(petition):
    confirmed(petition, "leila@example.org")
    leila = supporter("leila@example.org")
    actions.stop_petition_updates(leila, petition)
    supporter_actions.erase_supporter(leila, how="self-service")
    assert not PetitionUpdateOptOut.objects.exists()
