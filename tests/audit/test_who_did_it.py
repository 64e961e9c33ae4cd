"""Nadia, an organiser with only the rights her job needs, works in the admin; afterwards the history answers
"who did this?" with her name, for supporters, mailings, block/allow rules, petition settings and signatures.
What the senders finish is recorded as done by nobody (the system)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry

from clarion.alerts import actions as alert_actions
from clarion.alerts.models import Mailing, Segment
from clarion.petitions import actions as petition_actions
from clarion.petitions.models import AccessRule, CommentState, Invalidation, PetitionSettings, SignatureState
from clarion.supporters import actions as supporter_actions
from clarion.supporters.models import Supporter
from tests.alerts.conftest import BODY, act, confirm_and_send, make_supporters
from tests.conftest import run_queued_tasks
from tests.petitions.test_admin_settings import form, open_settings
from tests.petitions.test_admin_support import add_signatures
from tests.supporters.conftest import subscriber

pytestmark = pytest.mark.django_db


def organiser(django_user_model, *codenames):
    """Nadia, signed in, with admin access and these permissions only; returns (her client, her account)."""
    nadia = django_user_model.objects.create_user("nadia", "nadia@example.org", "pw", first_name="Nadia",
                                                  last_name="Haddad")
    group = Group.objects.create(name="Organisers")
    wanted = Permission.objects.filter(codename__in=codenames)
    assert wanted.count() == len(codenames), "a permission named here does not exist"
    group.permissions.add(Permission.objects.get(codename="access_admin"), *wanted)
    nadia.groups.add(group)
    client = Client()
    client.force_login(nadia)
    return client, nadia


def entries_for(model, pk):
    return ModelLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                        object_id=str(pk)).order_by("pk")


def test_nadia_erases_a_supporter_and_the_history_names_her_but_not_the_person_erased(django_user_model):
    client, nadia = organiser(django_user_model, "view_supporter", "delete_supporter")
    kaveh = subscriber("kaveh@example.org", name="Kaveh Tehrani")

    answer = client.post(reverse("supporters_admin:erase", args=[kaveh.pk]), {"confirm": "erase"})

    assert answer.status_code == 302
    erased = entries_for(Supporter, kaveh.pk).get(action=supporter_actions.ERASED)
    assert erased.user == nadia
    assert erased.label == f"Supporter #{kaveh.pk}" and erased.data == {"how": "admin"}
    everything_logged = " ".join(f"{row.label} {row.data}" for row in ModelLogEntry.objects.all()).lower()
    assert "kaveh" not in everything_logged and "tehrani" not in everything_logged
    history = client.get(reverse("supporters_admin:history", args=[kaveh.pk]))
    assert history.status_code == 200
    assert "Erased the supporter" in history.content.decode() and "Nadia Haddad" in history.content.decode()
    assert "kaveh" not in history.content.decode().lower()
    site_history = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Erased the supporter" in site_history and f"Supporter #{kaveh.pk}" in site_history


def test_an_erasure_the_supporter_asked_for_is_recorded_as_done_by_nobody_on_staff(db):
    kaveh = subscriber("kaveh@example.org", name="Kaveh Tehrani")

    supporter_actions.erase_supporter(kaveh, how="self-service", acting_user=None)

    erased = entries_for(Supporter, kaveh.pk).get(action=supporter_actions.ERASED)
    assert erased.user is None and erased.data == {"how": "self-service"}


def test_nadia_tags_a_supporter_and_the_history_names_her_and_the_supporter_by_number(django_user_model):
    client, nadia = organiser(django_user_model, "view_supporter", "change_supporter")
    kaveh = subscriber("kaveh@example.org", name="Kaveh Tehrani")

    answer = client.post(reverse("supporters_admin:edit", args=[kaveh.pk]), {"tags": "speaker"})

    assert answer.status_code == 302
    [edited] = entries_for(Supporter, kaveh.pk).filter(action="wagtail.edit")
    assert (edited.user, edited.label) == (nadia, f"Supporter #{kaveh.pk}")
    assert list(kaveh.tags.names()) == ["speaker"]


def test_an_unsubscribe_recorded_by_staff_names_them_and_one_by_the_supporter_writes_no_history(
        django_user_model):
    _client, nadia = organiser(django_user_model, "change_supporter")
    kaveh, leyla = subscriber("kaveh@example.org"), subscriber("leyla@example.org", name="Leyla Karimi")

    supporter_actions.opt_out(kaveh, channel="admin", acting_user=nadia)
    supporter_actions.opt_out(leyla, channel="unsubscribe", acting_user=None)

    [stopped] = entries_for(Supporter, kaveh.pk).filter(action=supporter_actions.OPTED_OUT)
    assert (stopped.user, stopped.label, stopped.data) == (nadia, f"Supporter #{kaveh.pk}", {"channel": "admin"})
    assert not entries_for(Supporter, leyla.pk).exists()  # her own choice is recorded as her Consent row


def test_nadia_sends_herself_a_test_and_the_mailings_history_says_so(django_user_model):
    client, nadia = organiser(django_user_model, "change_mailing")
    mailing = Mailing.objects.create(subject="Four days left", body=BODY)

    answer = client.post(reverse("alerts_mailings:send", args=[mailing.pk]), {"action": "test"})

    assert answer.status_code == 302
    [tested] = ModelLogEntry.objects.for_instance(mailing).filter(action=alert_actions.TESTED)
    assert tested.user == nadia


def test_nadia_sends_a_mailing_and_the_system_is_recorded_as_finishing_it(
        django_user_model, smtp_server, django_capture_on_commit_callbacks):
    client, nadia = organiser(django_user_model, "change_mailing", "send_mailing")
    make_supporters(2)
    mailing = Mailing.objects.create(subject="Four days left", body=BODY, segment=Segment.objects.create(name="All"))

    answer = confirm_and_send(client, mailing, django_capture_on_commit_callbacks)
    run_queued_tasks()

    assert answer.status_code == 302 and len(smtp_server.messages) == 2
    entries = ModelLogEntry.objects.for_instance(mailing).order_by("pk")
    assert [(entry.action, entry.user) for entry in entries] == [(alert_actions.SENT, nadia),
                                                                 (alert_actions.FINISHED, None)]
    assert entries.last().data == {"sent": 2}
    mailing.refresh_from_db()
    assert mailing.status == "sent" and mailing.finished_at is not None
    page = client.get(reverse("alerts_mailings:history", args=[mailing.pk])).content.decode()
    assert "Finished sending" in page and "Nadia Haddad" in page


def test_nadia_schedules_then_cancels_a_mailing_and_each_step_names_her(
        django_user_model, django_capture_on_commit_callbacks):
    client, nadia = organiser(django_user_model, "change_mailing", "send_mailing")
    make_supporters(1)
    mailing = Mailing.objects.create(subject="Four days left", body=BODY, segment=Segment.objects.create(name="All"))

    act(client, mailing, "schedule", django_capture_on_commit_callbacks, send_at="2099-01-01 09:00:00",
        recipients=1)
    act(client, mailing, "cancel", django_capture_on_commit_callbacks)

    entries = ModelLogEntry.objects.for_instance(mailing).order_by("pk")
    assert [(entry.action, entry.user) for entry in entries] == [(alert_actions.SCHEDULED, nadia),
                                                                 (alert_actions.CANCELLED, nadia)]


def test_nadia_adds_changes_and_removes_a_block_rule_and_each_step_names_her(django_user_model):
    client, nadia = organiser(django_user_model, "add_accessrule", "change_accessrule", "delete_accessrule")
    urls = "wagtailsnippets_petitions_accessrule"

    client.post(reverse(f"{urls}:add"), {"kind": "domain", "action": "block", "value": "spam.example", "note": ""})
    rule = AccessRule.objects.get()
    client.post(reverse(f"{urls}:edit", args=[rule.pk]), {"kind": "domain", "action": "block",
                                                          "value": "*.spam.example", "note": "botnet"})
    client.post(reverse(f"{urls}:delete", args=[rule.pk]))

    assert not AccessRule.objects.exists()
    entries = entries_for(AccessRule, rule.pk)
    assert [(entry.action, entry.user) for entry in entries] == [
        ("wagtail.create", nadia), ("wagtail.edit", nadia), ("wagtail.delete", nadia)]


def test_nadia_shortens_how_long_ip_addresses_are_kept_and_the_history_names_her(django_user_model):
    client, nadia = organiser(django_user_model, "change_petitionsettings")
    page, url = open_settings(client)

    answer = client.post(url, form(page, ip_retention_days=20))

    assert answer.status_code == 302 and PetitionSettings.objects.get().ip_retention_days == 20
    [edited] = entries_for(PetitionSettings, PetitionSettings.objects.get().pk)
    assert (edited.action, edited.user) == ("wagtail.edit", nadia)


@pytest.fixture
def reviewer(django_user_model):
    return organiser(django_user_model, "view_signature", "change_signature")


def test_nadia_moderates_a_comment_and_the_petitions_history_names_her(reviewer, petition):
    client, nadia = reviewer
    signature = add_signatures(petition, comment="Free them now.", comment_state=CommentState.PENDING)[0]

    client.post(reverse("petitions_admin:moderate_comment", args=[signature.pk]), {"decision": "approve"})

    [approved] = PageLogEntry.objects.filter(page=petition, action=petition_actions.COMMENT_APPROVED)
    assert approved.user == nadia


def test_nadia_releases_and_rejects_held_signatures_and_the_petitions_history_names_her(reviewer, petition):
    client, nadia = reviewer
    first, second = add_signatures(petition, 2, state=SignatureState.HELD)

    for decision, signature in (("release", first), ("reject", second)):
        answer = client.post(reverse("petitions_admin:review"), {"decision": decision, "signatures": [signature.pk]})
        assert answer.status_code == 302

    entries = PageLogEntry.objects.filter(page=petition, action__startswith="clarion.").order_by("pk")
    assert [(entry.action, entry.user) for entry in entries] == [
        (petition_actions.RELEASED, nadia), (petition_actions.REJECTED, nadia)]


def test_nadia_invalidates_a_botnet_then_undoes_it_and_both_name_her(reviewer, petition):
    client, nadia = reviewer
    add_signatures(petition, 2, ip="203.0.113.5")

    client.post(reverse("petitions_admin:invalidate", args=[petition.pk]),
                {"network": "203.0.113.0/24", "confirm": "1", "reason": "Botnet"})
    batch = Invalidation.objects.get()
    client.post(reverse("petitions_admin:undo_invalidation", args=[petition.pk, batch.pk]))

    entries = PageLogEntry.objects.filter(page=petition, action__startswith="clarion.").order_by("pk")
    assert [(entry.action, entry.user) for entry in entries] == [
        (petition_actions.INVALIDATED, nadia), (petition_actions.RESTORED, nadia)]


def test_nadia_unlocks_a_locked_out_editor_and_the_history_names_her(django_user_model):
    from axes.models import AccessAttempt

    client, nadia = organiser(django_user_model, "view_accessattempt", "delete_accessattempt")
    attempt = AccessAttempt.objects.create(username="eddie", ip_address="192.0.2.0", user_agent="", path_info="/",
                                           failures_since_start=5)

    answer = client.post(reverse("sign_in_lockouts:delete", args=[attempt.pk]))

    assert answer.status_code == 302 and not AccessAttempt.objects.exists()
    [unlocked] = entries_for(AccessAttempt, attempt.pk)
    assert (unlocked.action, unlocked.user) == ("wagtail.delete", nadia)
