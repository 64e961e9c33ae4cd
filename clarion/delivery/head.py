"""The transparency log's newest signed tree head, as the summary PDF prints it (see docs/transparency.md)."""

from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from clarion.transparency import heads
from clarion.transparency.models import TreeHead


def verify_url(petition):
    """The public page where anyone checks a receipt against the signed tree head."""
    return settings.CLARION_BASE_URL.rstrip("/") + reverse("transparency:verify", args=[petition.pk])


def printed_head(petition):
    """{label: value} of the newest head, or None before the first counting round published one."""
    head = TreeHead.objects.filter(petition_id=petition.pk).order_by("-tree_size").first()
    if head is None:
        return None
    document = heads.as_json(head)
    published = datetime.fromtimestamp(head.timestamp / 1000, tz=UTC)
    return {
        _("Counted in the log"): f"{head.count}",
        _("Log entries (tree size)"): f"{head.tree_size}",
        _("Published (UTC)"): published.strftime("%Y-%m-%d %H:%M:%S"),
        _("Root hash (SHA-256, base64)"): document["root_hash"],
        _("Ed25519 signature (base64)"): document["signature"],
        _("Public key (base64)"): heads._b64(heads.public_key_bytes()),
    }
