"""Sending a built pack to the target through the outbox: a private link that expires, never the names inline."""

from django.db import transaction

from clarion.delivery import actions
from clarion.delivery.links import LINK_DAYS, pack_link
from clarion.mail.actions import queue_templated_mail


def send_pack(pack, *, to, acting_user=None):
    """Queue the mail and record the delivery in one transaction: both happen, or neither."""
    with transaction.atomic():
        queue_templated_mail(to, "delivery/pack", {
            "petition": pack.petition, "pack": pack, "link": pack_link(pack), "days": LINK_DAYS,
        }, acting_user=acting_user)
        actions.record_sent(pack, to=to, acting_user=acting_user)
