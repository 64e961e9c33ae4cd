"""Recording what happened after signing: delivered, responded, outcome. Each step is checked against the ones
before it (no delivery before the petition closed, no response before delivery) and written to the page's
history with who recorded it. Re-exported by clarion.petitions.actions, the door other apps call."""

from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry

from clarion.core.signals import public_content_changed
from clarion.petitions import announce
from clarion.petitions.models import Outcome, PetitionState, PetitionSteps
from clarion.petitions.timeline import closed_at, steps_cache_key

DELIVERED = "clarion.petitions.delivered"
RESPONDED = "clarion.petitions.responded"
OUTCOME = "clarion.petitions.outcome"
# Clocks differ a little between the editor's computer and the server; more than this ahead is a typing mistake.
FUTURE_SLACK = timedelta(minutes=10)


def steps_of(petition):
    """The petition's recorded steps, or an empty, unsaved record when nothing has been recorded."""
    return PetitionSteps.objects.filter(petition=petition).first() or PetitionSteps(petition=petition)


def _when(value):
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _not_future(field, value, now):
    if value > now + FUTURE_SLACK:
        raise ValidationError({field: _("That is in the future; record a step once it has happened.")})


def _check_delivery(petition, steps, delivered_at, now):
    if petition.public_state(now) in (PetitionState.OPEN, PetitionState.DRAFT):
        raise ValidationError(_("The petition still takes signatures: close it before recording its delivery."))
    _not_future("delivered_at", delivered_at, now)
    # A closing date still ahead bounds nothing: the editor closed the petition by hand before it.
    closed_on = closed_at(petition, now)
    if closed_on and delivered_at < closed_on:
        raise ValidationError({"delivered_at": _("The petition closed on %(when)s; it cannot have been delivered "
                                                 "before that.") % {"when": _when(closed_on)}})
    for later, label in ((steps.responded_at, _("the response")), (steps.outcome_at, _("the outcome"))):
        if later and delivered_at > later:
            raise ValidationError({"delivered_at": _("That is after %(step)s (%(when)s), which cannot come before "
                                                     "the delivery.") % {"step": label, "when": _when(later)}})


def _check_after_delivery(steps, field, value, now):
    if not steps.delivered_at:
        raise ValidationError(_("Record the delivery first."))
    _not_future(field, value, now)
    if value < steps.delivered_at:
        raise ValidationError({field: _("The petition was delivered on %(when)s; this cannot come before "
                                        "that.") % {"when": _when(steps.delivered_at)}})


def _record(petition, steps, action, data, acting_user):
    steps.save()
    # Now, and again once committed: a reader in between may have put the old record back.
    cache.delete(steps_cache_key(petition.pk))
    transaction.on_commit(lambda: cache.delete(steps_cache_key(petition.pk)))
    PageLogEntry.objects.log_action(petition, action, user=acting_user, data=data)
    public_content_changed.send(sender=PetitionSteps)  # the page's timeline and the count document show steps
    return steps


@transaction.atomic
def record_delivery(petition, *, delivered_at, method, recipient, note="", photo=None, acting_user=None):
    """Record (or correct) how, when and to whom the petition was delivered. Raises ValidationError."""
    now = timezone.now()
    steps = steps_of(petition)
    first = steps.delivered_at is None
    _check_delivery(petition, steps, delivered_at, now)
    if not (method or "").strip() or not (recipient or "").strip():
        raise ValidationError(_("Say how the petition was delivered and to whom."))
    steps.delivered_at, steps.delivery_note, steps.delivery_photo = delivered_at, note or "", photo
    steps.delivery_method, steps.delivery_recipient = method.strip(), recipient.strip()
    data = {"delivered_at": delivered_at.isoformat(), "method": steps.delivery_method,
            "recipient": steps.delivery_recipient}
    _record(petition, steps, DELIVERED, data, acting_user)
    if first:  # a correction of the date or method is not a second delivery
        announce.delivered(petition, steps)
    return steps


@transaction.atomic
def record_response(petition, *, responded_at, text="", document=None, acting_user=None):
    """Record (or correct) the target's response: its text, a document, or both. Raises ValidationError."""
    steps = steps_of(petition)
    _check_after_delivery(steps, "responded_at", responded_at, timezone.now())
    if not (text or "").strip() and document is None:
        raise ValidationError(_("Give the response's text, a document, or both."))
    steps.responded_at, steps.response_text, steps.response_document = responded_at, (text or "").strip(), document
    return _record(petition, steps, RESPONDED, {"responded_at": responded_at.isoformat(),
                                                "document": document.pk if document else None}, acting_user)


@transaction.atomic
def record_outcome(petition, *, outcome, outcome_at, acting_user=None):
    """Record (or change, as "ongoing" becomes "won") the campaign's outcome. Raises ValidationError."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose won, lost or ongoing.")})
    steps = steps_of(petition)
    _check_after_delivery(steps, "outcome_at", outcome_at, timezone.now())
    steps.outcome, steps.outcome_at = outcome, outcome_at
    return _record(petition, steps, OUTCOME, {"outcome": outcome, "outcome_at": outcome_at.isoformat()}, acting_user)
