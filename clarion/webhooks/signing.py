"""Signing a delivery as the Standard Webhooks specification says, with the library receivers use to verify."""

import base64
import json
from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook


def secret_bytes(secret):
    return base64.b64decode(secret.removeprefix("whsec_"))


def body(event, endpoint, extra):
    """The JSON a delivery posts: personal fields only for endpoints allowed them."""
    data = dict(event.payload)
    if endpoint.may_receive_personal:
        data.update(event.personal)
    data.update(extra or {})
    return json.dumps({"type": event.type, "timestamp": event.created.isoformat(), "data": data},
                      separators=(",", ":"), ensure_ascii=False)


def headers(secret, message_id, text, now=None):
    now = now or datetime.now(UTC)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, now, text),
        "content-type": "application/json",
        "user-agent": "Clarion-Webhooks/1",
    }
