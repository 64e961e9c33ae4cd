"""Miriam's private links (thank-you page, impact page) and her friends' "never again" links reveal nothing: no
sequential id, no referral code. Her links expire; the expired page lets her have fresh ones, mailed to her own
address only. A friend's never-again link keeps working, also from invitations mailed before links were sealed."""

import base64
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.utils import timezone
from freezegun import freeze_time

from clarion.spread import tokens
from clarion.spread.models import Invitation, Suppression
from tests.petitions.conftest import deliver_outbox
from tests.spread.conftest import invite, send_invitations

pytestmark = pytest.mark.django_db


def readable(token):
    """What anyone can decode from a token without the server's key."""
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("latin-1")


def test_no_private_link_reveals_an_id_or_a_referral_code(client, signer):
    invite(client, signer, [("Kaveh", "kaveh@example.net")])
    invitation = Invitation.objects.get()
    made = {"signer": (tokens.signer_token(signer), tokens.read_signer_token, signer.pk),
            "impact": (tokens.impact_token(signer.supporter), tokens.read_impact_token, signer.supporter.pk),
            "never": (tokens.never_token(invitation), tokens.read_never_token, invitation.pk)}

    for kind, (token, read, pk) in made.items():
        assert read(token) == pk
        assert ":" not in token and signer.supporter.referral_code not in token + readable(token), kind
        with pytest.raises(signing.BadSignature):  # nothing in Django's readable format, under any salt
            signing.loads(token, salt=f"clarion.spread.{kind}")
    # Sealed afresh each time: two links to the same page share nothing to correlate or count on.
    assert tokens.impact_token(signer.supporter) != made["impact"][0]


def test_an_old_readable_impact_link_no_longer_opens_the_page(client, signer):
    old = signing.dumps(signer.supporter.referral_code, salt="clarion.spread.impact")

    assert client.get(f"/spread/impact/{old}/").status_code == 400
    assert client.get(f"/spread/impact/{signer.supporter.referral_code}/").status_code == 400


def test_an_expired_impact_link_offers_a_fresh_one_mailed_to_the_signer_only(client, signer, smtp_server, settings):
    settings.CLARION_FRESH_LINKS_PER_DAY = 2
    path = urlsplit(tokens.impact_url(signer.supporter)).path

    with freeze_time(timezone.now() + timedelta(days=91)):
        expired = client.get(path)
        assert expired.status_code == 200 and "This link has expired" in expired.content.decode()
        assert "E-mail me a fresh link" in expired.content.decode() and "signed through you" not in \
            expired.content.decode()
        answers = [client.post(path).content.decode() for _ in range(3)]
        deliver_outbox()
        mails = smtp_server.to(signer.email)
        fresh = re.search(r"\S*/spread/impact/\S+/", mails[-1].get_body(("plain",)).get_content()).group(0)
        page = client.get(urlsplit(fresh).path)

    assert all("a fresh one is on its way to the address you signed with" in answer for answer in answers)
    assert [mail["Subject"] for mail in mails].count("Your fresh private links") == 2  # the third is not sent
    assert page.status_code == 200 and "people have signed through you" in page.content.decode()
    assert client.post(path, HTTP_ORIGIN="https://evil.example").status_code == 403


def test_the_impact_link_lifetime_is_a_setting(client, signer, settings):
    settings.CLARION_IMPACT_LINK_DAYS = 7
    path = f"/spread/impact/{tokens.impact_token(signer.supporter)}/"

    with freeze_time(timezone.now() + timedelta(days=6)):
        assert "signed through you" in client.get(path).content.decode()
    with freeze_time(timezone.now() + timedelta(days=8)):
        assert "This link has expired" in client.get(path).content.decode()


def test_an_expired_thank_you_link_offers_fresh_links_to_invite_again(client, petition, signer, smtp_server):
    path = tokens.thanks_path(signer)
    token = path.rstrip("/").rsplit("/", 1)[1]

    with freeze_time(timezone.now() + timedelta(days=91)):
        assert "This link has expired" in client.get(path).content.decode()
        assert client.post(f"/spread/invite/{token}/", {"friend_email": "kaveh@example.net"}).status_code == 400
        client.post(path)
        deliver_outbox()
        [mail] = [m for m in smtp_server.to(signer.email) if m["Subject"] == "Your fresh private links"]
        text = mail.get_body(("plain",)).get_content()
        thanks = re.search(rf"\S*/petitions/{petition.pk}/thanks/\S+/#invite", text).group(0)
        page = client.get(urlsplit(thanks).path)

    assert page.status_code == 200 and "Invite friends by e-mail" in page.content.decode()
    assert re.search(r"\S*/spread/impact/\S+/", text)


def test_an_erased_signers_old_link_sends_nothing(client, signer):
    from clarion.supporters.actions import erase_supporter

    path = f"/spread/impact/{tokens.impact_token(signer.supporter)}/"
    erase_supporter(signer.supporter, how="self-service")

    assert client.post(path).status_code == 400


def test_a_never_link_mailed_before_links_were_sealed_still_works(client, signer):
    invite(client, signer, [("Kaveh", "kaveh@example.net")])
    send_invitations()
    legacy = signing.dumps(Invitation.objects.get().pk, salt="clarion.spread.never", compress=True)

    assert client.post(f"/spread/never/{legacy}/").status_code == 200
    assert Suppression.objects.count() == 1
