"""Sending a built pack to the target through the outbox: attached when small, and a private link that expires;
never the names inline."""

from django.db import transaction

from clarion.delivery import actions
from clarion.delivery.links import LINK_DAYS, pack_link
from clarion.mail.actions import queue_templated_mail
from clarion.mail.attachments import total_size

# A pack this small goes attached as well (base64 grows it by a third; most servers take 10 MB or more).
ATTACH_BYTES = 5 * 1024 * 1024


def send_pack(pack, *, to, acting_user=None):
    """Queue the mail and record the delivery in one transaction: both happen, or neither. The files go
    attached when they are small, and through a private link that expires in any case."""
    files = [pack.directory / name for name in pack.files]
    attached = files if total_size(files) <= ATTACH_BYTES else []
    with transaction.atomic():
        # In the language the pack's papers are written in (the petition's), not the sending admin's.
        queue_templated_mail(to, "delivery/pack", {
            "petition": pack.petition, "pack": pack, "link": pack_link(pack), "days": LINK_DAYS,
            "attached": [path.name for path in attached], "mail_language": pack.petition.language,
        }, attachments=attached, acting_user=acting_user)
        actions.record_sent(pack, to=to, acting_user=acting_user)
