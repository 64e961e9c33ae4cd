"""After confirming, Miriam lands on her own private thank-you page, with her own share links; the thank-you
e-mail carries them too, with the way to invite friends and her private impact page."""

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from clarion.petitions import tokens
from clarion.spread import tokens as spread_tokens
from tests.petitions.conftest import deliver_outbox
from tests.spread.conftest import signed

pytestmark = pytest.mark.django_db


def confirm(client, signature):
    return client.get(f"/petitions/confirm/{tokens.confirmation_token(signature)}/")


def test_confirming_leads_to_a_private_thank_you_page_with_the_signers_own_share_links(client, petition):
    signature = signed(petition, "miriam@example.org")

    response = confirm(client, signature)

    assert response.status_code == 302
    assert response["Location"].startswith(f"/petitions/{petition.pk}/thanks/")
    assert str(signature.pk) not in response["Location"].split("/thanks/")[1].split(":")[1:]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    code = signature.__class__.objects.get(pk=signature.pk).supporter.referral_code
    html = page.content.decode()
    hrefs = re.findall(r'class="button share__link share__link--(\w+)" href="([^"]+)"', html)
    assert [channel for channel, _ in hrefs] == ["email", "whatsapp", "telegram", "facebook", "x"]
    for channel, href in hrefs:
        assert f"ref={code}&src={channel}" in unquote(href.replace("&amp;", "&"))
    assert dict(hrefs)["whatsapp"].startswith("https://wa.me/?text=")
    assert dict(hrefs)["telegram"].startswith("https://t.me/share/url?url=")
    assert dict(hrefs)["facebook"].startswith("https://www.facebook.com/sharer/sharer.php?u=")
    assert dict(hrefs)["x"].startswith("https://x.com/intent/post?url=")
    assert re.search(rf'id="share-link" type="text" readonly value="http://\S+/petition/\?ref={code}&amp;src=copy"',
                     html)
    assert "<script src=\"http" not in html  # no third-party script
    assert "Invite friends by e-mail" in html
    assert confirm(client, signature)["Location"].startswith(f"/petitions/{petition.pk}/thanks/")  # harmless twice


def test_a_thank_you_link_for_another_petition_or_altered_shows_a_clear_message(client, petition):
    signature = signed(petition, "miriam@example.org")
    confirm(client, signature)
    token = spread_tokens.signer_token(signature)

    assert client.get(f"/petitions/{petition.pk + 1}/thanks/{token}/").status_code == 400
    assert client.get(f"/petitions/{petition.pk}/thanks/{token[:-3]}abc/").status_code == 400
    unconfirmed = spread_tokens.signer_token(signed(petition, "kaveh@example.org"))
    assert client.get(f"/petitions/{petition.pk}/thanks/{unconfirmed}/").status_code == 400


def test_the_thank_you_email_carries_share_links_the_invitation_page_and_the_impact_page(client, petition,
                                                                                        smtp_server):
    signature = signed(petition, "miriam@example.org")
    confirm(client, signature)
    signature.refresh_from_db()

    deliver_outbox()
    [mail] = [m for m in smtp_server.to("miriam@example.org") if m["Subject"].startswith("Thank you for signing")]
    text = mail.get_body(("plain",)).get_content()
    code = signature.supporter.referral_code
    assert f"/petition/?ref={code}&src=email" in text
    assert "https://wa.me/?text=" in text
    impact = re.search(r"\S*/spread/impact/\S+/", text).group(0)
    assert client.get(urlsplit(impact).path).status_code == 200
    thanks = re.search(r"\S*/petitions/\d+/thanks/\S+/#invite", text).group(0)
    assert client.get(urlsplit(thanks).path).status_code == 200
    html = mail.get_body(("html",)).get_content()
    assert "See how many people signed through you" in html
    assert parse_qs(urlsplit(re.search(r'href="([^"]*src=email)"', html).group(1).replace("&amp;", "&")).query) == {
        "ref": [code], "src": ["email"]}


def test_the_public_thank_you_page_recruits_for_nobody_in_particular(client, petition):
    page = client.get(f"/petitions/{petition.pk}/thanks/").content.decode()

    assert "?ref=" not in page and "%3Fref%3D" not in page and "%3Fsrc%3Dwhatsapp" in page
    assert "Invite friends by e-mail" not in page
