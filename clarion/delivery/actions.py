"""The one door for delivery state: paper signatures, packs asked for, built, downloaded and sent."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from clarion.delivery.models import DeliveryPack, PackStatus, PaperSignature
from clarion.petitions import actions as petition_actions

PAPER_ADDED = "clarion.delivery.paper_added"
PACK_REQUESTED = "clarion.delivery.pack_requested"
PACK_DOWNLOADED = "clarion.delivery.pack_downloaded"
PACK_SENT = "clarion.delivery.pack_sent"


def add_paper_signatures(petition, *, count=1, name="", place="", note="", acting_user=None):
    """One named row (count 1) or a tally; kept apart from the verified online count everywhere it is shown."""
    with transaction.atomic():
        entry = PaperSignature.objects.create(petition=petition, count=count, name=name, place=place, note=note,
                                              created_by=acting_user)
        ModelLogEntry.objects.log_action(entry, PAPER_ADDED, user=acting_user,
                                         data={"petition": petition.pk, "count": count})
    return entry


def request_pack(petition, *, cover_letter, acting_user=None):
    """Queue a new pack build; the worker builds it (clarion.delivery.tasks.build_pack)."""
    with transaction.atomic():
        pack = DeliveryPack.objects.create(petition=petition, cover_letter=cover_letter, created_by=acting_user)
        ModelLogEntry.objects.log_action(pack, PACK_REQUESTED, user=acting_user, data={"petition": petition.pk})
        transaction.on_commit(lambda: _enqueue(pack.pk))
    return pack


# A build reports progress at least every few seconds; this long without one, its worker is gone.
STALLED_AFTER = timedelta(minutes=10)


def retryable(now=None):
    """Failed packs, and packs whose build stopped reporting (its worker was killed or the machine restarted)."""
    stalled = Q(status=PackStatus.BUILDING, heartbeat_at__lt=(now or timezone.now()) - STALLED_AFTER)
    return Q(status=PackStatus.FAILED) | stalled


def retry_pack(pack, *, acting_user=None):
    """Build a failed or stalled pack again from nothing: a failure left no files and no delivery behind."""
    with transaction.atomic():
        if not DeliveryPack.objects.filter(retryable(), pk=pack.pk).update(
                status=PackStatus.QUEUED, error="", done=0, total=0, stage=""):
            return False
        ModelLogEntry.objects.log_action(pack, PACK_REQUESTED, user=acting_user, data={"retry": True})
        transaction.on_commit(lambda: _enqueue(pack.pk))
    return True


def _enqueue(pack_id):
    from clarion.delivery.tasks import build_pack

    build_pack.enqueue(pack_id)


def claim_build(pack_id):
    """Mark a queued pack as building; False when another worker has it or it is already done."""
    return bool(DeliveryPack.objects.filter(pk=pack_id, status=PackStatus.QUEUED).update(
        status=PackStatus.BUILDING, done=0, error="", heartbeat_at=timezone.now()))


def report_progress(pack_id, **fields):
    DeliveryPack.objects.filter(pk=pack_id).update(heartbeat_at=timezone.now(), **fields)


def finish_build(pack_id, *, files, **figures):
    """False when the pack was withdrawn while it was being built (clarion.delivery.privacy)."""
    return bool(DeliveryPack.objects.filter(pk=pack_id, status=PackStatus.BUILDING).update(
        status=PackStatus.READY, files=files, stage="", finished_at=timezone.now(), **figures))


def fail_build(pack_id, error):
    DeliveryPack.objects.filter(pk=pack_id).update(status=PackStatus.FAILED, error=error[:2000], stage="")


def record_download(pack, filename, *, acting_user):
    """Logged before the file leaves, so a download cut short is on record too."""
    ModelLogEntry.objects.log_action(pack, PACK_DOWNLOADED, user=acting_user,
                                     data={"petition": pack.petition_id, "file": filename})


def record_sent(pack, *, to, acting_user=None):
    """The pack went to the target: the petition's delivery step is recorded (its rules first: a petition that
    still takes signatures cannot be delivered, ValidationError), then the pack is stamped and logged."""
    now = timezone.now()
    with transaction.atomic():
        # The public timeline shows the step: the target by name, never the address typed or our pack's number.
        petition_actions.record_delivery(
            pack.petition, delivered_at=now, method=gettext("By e-mail, with the delivery pack"),
            recipient=_target(pack.petition), acting_user=acting_user)
        DeliveryPack.objects.filter(pk=pack.pk).update(sent_at=now, sent_to=to)
        ModelLogEntry.objects.log_action(pack, PACK_SENT, user=acting_user, data={"to": to})
    pack.sent_at, pack.sent_to = now, to


def _target(petition):
    if petition.target_title:
        return gettext("%(name)s, %(title)s") % {"name": petition.target_name, "title": petition.target_title}
    return petition.target_name
