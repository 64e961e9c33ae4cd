"""Olga names her organisation in Settings › Organisation: every mail then speaks for it (sender, header,
sign-off, footer with the postal address bulk-mail law asks for); what she leaves blank comes from the
environment; and no mail says "Clarion" once the organisation has a name."""

import re
from html import unescape

import pytest
from django.urls import reverse
from wagtail.models import Site

from clarion.organisation import identity
from clarion.organisation.models import OrganisationSettings
from tests.alerts.conftest import composed, create_segment, make_supporters, send_now
from tests.factories import jpeg_bytes, save_image
from tests.petitions.conftest import confirmed, deliver_outbox, sign, signed
from tests.spread.conftest import invite, send_invitations

pytestmark = pytest.mark.django_db

POSTAL_ADDRESS = "12 Harbour Lane\nPort Ellis PE1 2AB"
# The form's choices as it first shows them (tests/rtl covers what they change).
DIGITS_AND_CALENDAR = {"persian_digits": "native", "persian_calendar": "solar_hijri", "arabic_digits": "latin"}


def open_settings(client):
    page = client.get(reverse("wagtailsettings:edit", args=["organisation", "organisationsettings"]), follow=True)
    assert page.status_code == 200
    return page.redirect_chain[-1][0] if page.redirect_chain else page.request["PATH_INFO"]


def parts(mail):
    text = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")
    return text, unescape(mail.get_body(("html",)).get_content())


def confirmation_mail(client, petition, smtp_server, email="miriam@example.org"):
    assert sign(client, petition, email=email).status_code in (302, 303)
    deliver_outbox()
    [mail] = smtp_server.to(email)
    return mail


def test_an_editor_names_the_organisation_and_the_next_mail_speaks_for_it(staff, petition, smtp_server, settings):
    settings.WAGTAIL_SITE_NAME = "Clarion"
    answer = staff.post(open_settings(staff), {
        "name": "Friends of Tamsin Valley", "sender_address": "appeal@tamsin.example",
        "reply_to": "team@tamsin.example", "postal_address": POSTAL_ADDRESS, "logo": "", **DIGITS_AND_CALENDAR})
    assert answer.status_code == 302

    mail = confirmation_mail(staff, petition, smtp_server)

    assert mail["From"] == "Friends of Tamsin Valley <appeal@tamsin.example>"
    assert mail["Reply-To"] == "team@tamsin.example"
    text, html = parts(mail)
    assert "\n— Friends of Tamsin Valley\n" in text
    assert "12 Harbour Lane\nPort Ellis PE1 2AB" in text.split("\n-- \n", 1)[1]
    assert "12 Harbour Lane<br>Port Ellis PE1 2AB" in html
    assert ">Friends of Tamsin Valley</span>" in html  # the header
    assert "Clarion" not in str(mail)


def test_a_renamed_organisation_is_the_name_in_page_titles_at_once(staff, petition, settings, visitor):
    settings.CLARION_PAGE_CACHE_SECONDS = 30
    assert "· Tamsin Valley Appeal</title>" in visitor(petition.url).text

    staff.post(open_settings(staff), {"name": "Friends of Tamsin Valley", "sender_address": "", "reply_to": "",
                                      "postal_address": "", "logo": "", **DIGITS_AND_CALENDAR})

    # The page kept for visitors is made afresh: saving settings empties the page cache.
    assert "· Friends of Tamsin Valley</title>" in visitor(petition.url).text


def test_blank_settings_fall_back_to_the_environment(client, petition, smtp_server, settings):
    petition.get_site().__class__.objects.update(site_name="")
    settings.WAGTAIL_SITE_NAME = "Tamsin Valley Network"
    settings.DEFAULT_FROM_EMAIL = "Ignored Name <hello@network.example>"
    settings.CLARION_POSTAL_ADDRESS = "PO Box 7, Port Ellis"
    settings.CLARION_REPLY_TO = ""

    mail = confirmation_mail(client, petition, smtp_server)

    assert mail["From"] == "Tamsin Valley Network <hello@network.example>"
    assert mail["Reply-To"] is None
    text, html = parts(mail)
    assert text.rstrip().endswith("Tamsin Valley Network\nPO Box 7, Port Ellis")
    assert "PO Box 7, Port Ellis" in html
    # Reading the identity for a mail never creates a settings row (saving one empties the page cache).
    assert not OrganisationSettings.objects.exists()


def test_a_name_with_commas_and_accents_is_quoted_in_the_sender(client, petition, smtp_server):
    OrganisationSettings.objects.create(site=petition.get_site(), name="Ärzte, Helfer & Freunde",
                                        sender_address="team@aerzte.example")

    mail = confirmation_mail(client, petition, smtp_server)

    assert mail["From"].addresses[0].display_name == "Ärzte, Helfer & Freunde"
    assert mail["From"].addresses[0].addr_spec == "team@aerzte.example"
    assert "— Ärzte, Helfer & Freunde" in parts(mail)[0]


def everything_shown(message):
    text, html = parts(message)
    return " ".join([str(message["From"]), str(message["Subject"]), text, html])


def test_no_mail_says_clarion_once_the_organisation_has_a_name(staff, petition, smtp_server, settings,
                                                               django_capture_on_commit_callbacks):
    settings.WAGTAIL_SITE_NAME = "Clarion"
    Site.objects.update(site_name="Clarion")
    OrganisationSettings.objects.create(site=Site.objects.get(is_default_site=True), name="Friends of Tamsin Valley")
    signature = confirmed(petition, "miriam@example.org")
    signed(petition, "miriam@example.org")
    invite(staff, signature, [("Kaveh", "kaveh@example.net")])
    send_invitations()
    make_supporters(1)
    send_now(staff, composed(staff, create_segment(staff), petition), django_capture_on_commit_callbacks)
    deliver_outbox()

    subjects = {message["Subject"].split(":")[0] for message in smtp_server.messages}
    assert {"Please confirm your signature", "Thank you for signing", "You have already signed",
            "Miriam asks you to sign", "Given0, four days left"} <= subjects
    for message in smtp_server.messages:
        shown = everything_shown(message)
        assert "Clarion" not in shown and "Friends of Tamsin Valley" in shown


def test_the_logo_heads_every_mail_from_the_sites_own_address(client, petition, smtp_server, settings):
    settings.CLARION_BASE_URL = "https://appeal.example.org"
    logo = save_image("Our logo", jpeg_bytes(width=600, height=200), "logo.jpg")
    OrganisationSettings.objects.create(site=petition.get_site(), name="Friends of Tamsin Valley", logo=logo)

    html = parts(confirmation_mail(client, petition, smtp_server))[1]

    [image] = re.findall(r"<img [^>]+>", html)
    assert re.search(r'src="https://appeal\.example\.org/media/images/[^"]+\.png"', image)
    assert 'alt="Friends of Tamsin Valley"' in image and 'width="192" height="64"' in image


def test_the_demo_organisation_signs_its_mail_with_a_postal_address(demo):
    organisation = identity.current()

    assert organisation.name == "Tamsin Valley Appeal"
    assert organisation.postal_address == "12 Harbour Lane\nPort Ellis PE1 2AB"
