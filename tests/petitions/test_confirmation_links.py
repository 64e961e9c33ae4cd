"""Pete checks what a confirmation link gives away: nothing. It names no signature, petition or address,
cannot be turned into another signer's link, and still expires."""

import base64
import json
import zlib
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone
from freezegun import freeze_time

from clarion.petitions import actions, tokens
from clarion.petitions.models import SignatureState
from tests.petitions.conftest import change_settings, signed

pytestmark = pytest.mark.django_db


def read_without_the_key(token):
    """What anyone can read from a Django-signed link: the payload before the first colon, base64 (and zlib)."""
    payload = token.split(":")[0]
    data = base64.urlsafe_b64decode(payload.lstrip(".") + "=" * (-len(payload.lstrip(".")) % 4))
    return json.loads(zlib.decompress(data) if payload.startswith(".") else data)


def test_a_confirmation_link_reveals_no_signature_id(petition):
    signature = signed(petition, "miriam@example.org")
    token = tokens.confirmation_token(signature)

    with pytest.raises(Exception):  # noqa: B017 - whatever fails, nothing is read
        read_without_the_key(token)
    assert token != tokens.confirmation_token(signature)  # sealed afresh each time: no pattern across links
    assert actions.confirm_signature(token).outcome == "confirmed"


def test_a_link_mailed_before_links_were_sealed_still_confirms_until_it_expires(petition):
    change_settings(confirmation_days=7)
    signature = signed(petition, "miriam@example.org")
    legacy = signing.dumps(signature.pk, salt=tokens.LEGACY_SALT, compress=True)

    with freeze_time(timezone.now() + timedelta(days=8)):
        assert actions.confirm_signature(legacy).outcome == "expired"
    assert actions.confirm_signature(legacy).outcome == "confirmed"
    signature.refresh_from_db()
    assert signature.state == SignatureState.VALIDATED


def test_a_sealed_link_expires_with_the_confirmation_period(petition):
    change_settings(confirmation_days=7)
    signature = signed(petition, "miriam@example.org")
    token = tokens.confirmation_token(signature)

    with freeze_time(timezone.now() + timedelta(days=7, minutes=1)):
        assert actions.confirm_signature(token).outcome == "expired"
    assert actions.confirm_signature(token).outcome == "confirmed"


@pytest.mark.parametrize("payload", [["1", None], [1], "1", [1, "2"], {"s": 1}])
def test_a_sealed_link_with_an_unexpected_payload_is_refused(petition, payload):
    from clarion.core.sealed import seal

    assert actions.confirm_signature(seal(payload, tokens.PURPOSE)).outcome == "invalid"
