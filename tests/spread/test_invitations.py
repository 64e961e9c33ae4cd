"""Miriam invites friends from her thank-you page; Pete the spammer finds every door shut."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clarion.mail.models import OutboxMessage
from clarion.organisation import identity
from clarion.petitions.models import Signature, SignatureState
from clarion.spread.models import Invitation, Suppression, address_key
from clarion.supporters.actions import opt_in, opt_out, record_supporter
from tests.petitions.conftest import deliver_outbox
from tests.spread.conftest import another_petition, confirmed, friends, invite, mailed, send_invitations, signed

pytestmark = pytest.mark.django_db


def never_link(mail):
    """The RFC 8058 one-click address in the List-Unsubscribe header."""
    return str(mail["List-Unsubscribe"]).strip().strip("<>")


def invitations():
    return OutboxMessage.objects.filter(subject__startswith="Miriam asks you to sign")


def test_supporter_invites_three_friends_from_the_organisation_with_replies_to_her(client, signer, smtp_server):
    response = invite(client, signer, [("Kaveh", "kaveh@example.net"), ("", "lena@example.net"),
                                       ("Dariush", "dariush@example.net")], note="Please sign, it matters to me.")

    assert response.status_code == 303 and response["Location"].endswith("?sent=1#invite")
    assert Invitation.objects.count() == 3
    assert not invitations().exists()  # the request records; the sending task decides and mails
    assert send_invitations() == 3
    deliver_outbox()
    [mail] = smtp_server.to("kaveh@example.net")
    assert mail["Subject"] == "Miriam asks you to sign: Let the Tamsin Valley families stay"
    assert mail["From"] == identity.current().from_email
    assert mail["Reply-To"] == "miriam@example.org"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    never = never_link(mail)
    assert "/spread/never/" in never
    text = mail.get_body(("plain",)).get_content()
    assert text.startswith("Dear Kaveh,")
    assert "Please sign, it matters to me." in text
    assert f"?ref={signer.supporter.referral_code}&src=invite" in text
    assert never in text
    assert smtp_server.to("lena@example.net")[0].get_body(("plain",)).get_content().startswith("Hello,")
    assert client.get(response["Location"]).content.count(b"Your invitations are on their way") == 1


def test_more_than_ten_addresses_are_refused_and_none_is_sent(client, signer):
    response = invite(client, signer, friends(11))

    assert response.status_code == 400
    assert "You can invite at most 10 friends at a time." in response.content.decode()
    assert not Invitation.objects.exists() and not invitations().exists()


def test_a_signer_reaching_the_daily_limit_is_told_how_many_remain(client, signer, settings):
    settings.CLARION_INVITE_MAX_PER_SIGNER = 12
    assert invite(client, signer, friends(10)).status_code == 303

    response = invite(client, signer, friends(3, domain="example.com"))

    assert response.status_code == 429
    assert "You can send 2 more invitations today." in response.content.decode()
    assert Invitation.objects.count() == 10
    assert invite(client, signer, friends(2, domain="example.com")).status_code == 303
    refused = invite(client, signer, [("X", "x@example.com")])
    assert refused.status_code == 429 and "as many invitations as can be sent today" in refused.content.decode()
    assert Invitation.objects.count() == 12


def test_the_per_ip_limit_holds_across_signers(client, petition, signer, settings):
    settings.CLARION_INVITE_MAX_PER_IP = 4
    other = confirmed(petition, "kaveh@example.org", name="Kaveh Amini")
    assert invite(client, signer, friends(3)).status_code == 303

    assert invite(client, other, friends(2, domain="example.com")).status_code == 429
    assert invite(client, other, friends(2, domain="example.com"), ip="203.0.113.9").status_code == 303
    assert Invitation.objects.count() == 5


def test_the_site_wide_daily_limit_stops_everyone(client, petition, signer, settings):
    settings.CLARION_INVITE_MAX_PER_DAY = 3
    other = confirmed(petition, "kaveh@example.org", name="Kaveh Amini")
    assert invite(client, signer, friends(3)).status_code == 303

    assert invite(client, other, friends(1, domain="example.com"), ip="203.0.113.9").status_code == 429
    Invitation.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    assert invite(client, other, friends(1, domain="example.com"), ip="203.0.113.9").status_code == 303


def test_signed_suppressed_opted_out_and_recently_invited_addresses_are_skipped_silently(client, petition, signer):
    signed(petition, "Kaveh.Amini@gmail.com", name="Kaveh Amini")  # pending still counts as "already signed"
    Suppression.objects.create(address_key=address_key("lena@example.net"))
    opt_out(record_supporter("omid@example.net"), channel="unsubscribe")
    elsewhere = another_petition()
    other = confirmed(elsewhere, "sara@example.org", name="Sara Lind")
    invite(client, other, [("Parisa", "parisa@example.net")])
    send_invitations()
    invitations().delete()
    Invitation.objects.filter(inviter=other.supporter).update(created_at=timezone.now() - timedelta(days=29))

    response = invite(client, signer, [("Kaveh", "kavehamini+petitions@googlemail.com"), ("Lena", "LENA@example.net"),
                                       ("Omid", "omid@example.net"), ("Parisa", "parisa@example.net"),
                                       ("Miriam", "miriam@example.org"), ("Nima", "nima@example.net"),
                                       ("Nima again", "Nima@Example.net")])

    assert response.status_code == 303 and response["Location"].endswith("?sent=1#invite")
    send_invitations()
    assert list(invitations().values_list("to", flat=True)) == ["nima@example.net"]


def test_an_address_invited_31_days_ago_to_another_petition_may_be_invited_again(client, petition, signer):
    elsewhere = another_petition()
    other = confirmed(elsewhere, "sara@example.org", name="Sara Lind")
    invite(client, other, [("Parisa", "parisa@example.net")])
    send_invitations()
    Invitation.objects.update(created_at=timezone.now() - timedelta(days=31))

    invite(client, signer, [("Parisa", "parisa@example.net")])
    invite(client, signer, [("Parisa", "parisa@example.net")])
    send_invitations()

    assert invitations().filter(to="parisa@example.net").count() == 1


def test_someone_still_unconfirmed_or_marked_fraudulent_sends_nothing(client, petition, signer):
    pending = signed(petition, "kaveh@example.org", name="Kaveh Amini")
    assert invite(client, pending, friends(1)).status_code == 400  # the private link exists only once confirmed
    Signature.objects.filter(pk=signer.pk).update(state=SignatureState.FRAUDULENT)

    response = invite(client, signer, friends(2))

    assert response.status_code == 303  # the same answer, and the same charge, so a robot learns nothing
    assert Invitation.objects.count() == 2
    assert send_invitations() == 0
    assert not mailed().exists() and not invitations().exists()


def test_a_forged_or_cross_site_invitation_is_refused(client, signer):
    assert client.post("/spread/invite/not-a-token/", {"friend_email": "a@example.net"}).status_code == 400
    response = invite(client, signer, friends(1), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("name, email", [
    ("Kaveh", "kaveh@example.net\r\nBcc: victim@example.com"),
    ("Kaveh", "kaveh@example.net, victim@example.com"),
    ("Kaveh", "kaveh@example.net; victim@example.com"),
    ("Kaveh\r\nBcc: victim@example.com", "kaveh@example.net"),
    ("Kaveh, Bcc", "kaveh@example.net"),
    ("Kaveh; Lena", "kaveh@example.net"),
    ("Kaveh <victim@example.com>", "kaveh@example.net"),
])
def test_header_injection_in_names_or_addresses_is_refused_with_a_clear_message(client, signer, name, email):
    response = invite(client, signer, [(name, email), ("Lena", "lena@example.net")])

    assert response.status_code == 400
    assert "can’t contain line breaks, commas, semicolons or angle brackets" in response.content.decode()
    assert not Invitation.objects.exists() and not invitations().exists()


def test_a_malformed_address_is_named_in_the_message(client, signer):
    response = invite(client, signer, [("Kaveh", "kaveh-at-example.net")])

    assert response.status_code == 400
    assert "“kaveh-at-example.net” is not an e-mail address." in response.content.decode()


def test_markup_in_the_note_is_escaped(client, signer, smtp_server):
    invite(client, signer, [("Kaveh", "kaveh@example.net")], note="Sign this <b>now</b>!\r\nThank you & love")

    assert Invitation.objects.get().note == "Sign this <b>now</b>!\nThank you & love"
    send_invitations()
    deliver_outbox()
    [mail] = smtp_server.to("kaveh@example.net")
    assert "Sign this &lt;b&gt;now&lt;/b&gt;!<br>Thank you &amp; love" in mail.get_body(("html",)).get_content()


def test_a_note_over_300_characters_is_refused(client, signer):
    response = invite(client, signer, friends(1), note="x" * 301)

    assert response.status_code == 400
    assert "at most 300 characters" in response.content.decode()
    assert not Invitation.objects.exists()


def test_one_click_never_email_me_again_stops_every_future_invitation(client, petition, signer, smtp_server):
    invite(client, signer, [("Kaveh", "Kaveh@example.net")])
    send_invitations()
    deliver_outbox()
    path = "/spread/" + never_link(smtp_server.to("Kaveh@example.net")[0]).split("/spread/", 1)[1]

    looked = client.get(path)
    assert looked.status_code == 200 and "Never e-mail me again" in looked.content.decode()
    assert "no-store" in looked["Cache-Control"]
    assert not Suppression.objects.exists()  # a link scanner's GET changes nothing
    done = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "You will not be invited again" in done.content.decode()
    assert client.post(path).status_code == 200  # harmless when repeated

    elsewhere = another_petition()
    Invitation.objects.update(created_at=timezone.now() - timedelta(days=90))
    other = confirmed(elsewhere, "sara@example.org", name="Sara Lind")
    invite(client, other, [("Kaveh", "kaveh@example.net")])
    send_invitations()
    assert not mailed().filter(inviter=other.supporter).exists()
    assert client.post("/spread/never/garbled/").status_code == 400


def test_an_invitation_after_the_petition_closed_is_refused(client, petition, signer):
    petition.closes_at = timezone.now() - timedelta(minutes=1)
    petition.save()

    response = invite(client, signer, friends(1))

    assert response.status_code == 403
    assert "This petition has closed" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_opted_in_supporter_is_still_invited(client, signer):
    opt_in(record_supporter("kaveh@example.net"), channel="signup", notice_text="Keep me informed.")

    invite(client, signer, [("Kaveh", "kaveh@example.net")])

    assert send_invitations() == 1
