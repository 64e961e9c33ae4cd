"""A mailing written per language: each supporter gets the version in their language, else the mailing's own
text; sent over the real SMTP sink, as the worker sends every mailing."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from clarion.alerts.models import Mailing
from tests.alerts.conftest import BODY, NO_VERSIONS, create_segment, make_supporters, send_now

pytestmark = pytest.mark.django_db

PERSIAN_SUBJECT = "{{ first_name|default:\"دوست\" }}، چهار روز مانده"
PERSIAN_BODY = "دوست عزیز،\n\nلطفاً امضا کنید:\n{{ petition_link }}"


def versions(*rows):
    data = {**NO_VERSIONS, "versions-TOTAL_FORMS": str(len(rows))}
    for index, row in enumerate(rows):
        data |= {f"versions-{index}-{name}": value for name, value in row.items()}
        data |= {f"versions-{index}-ORDER": str(index), f"versions-{index}-DELETE": ""}
    return data


def write(client, segment, petition, *rows):
    data = {"subject": "Four days left", "preheader": "", "body": BODY, "petition": petition.pk,
            "segment": segment.pk, **versions(*rows)}
    return client.post(reverse("alerts_mailings:add"), data)


def test_each_supporter_reads_the_mailing_in_their_language(staff, petition, smtp_server,
                                                            django_capture_on_commit_callbacks):
    make_supporters(1, prefix="en", language="en")
    make_supporters(1, prefix="fa", language="fa")
    make_supporters(1, prefix="fr", language="fr")  # a language the site does not speak: the fallback
    segment = create_segment(staff)
    response = write(staff, segment, petition, {"language": "fa", "subject": PERSIAN_SUBJECT, "preheader": "",
                                                "body": PERSIAN_BODY})
    assert response.status_code == 302, response.content.decode()[:3000]
    mailing = Mailing.objects.get()
    assert mailing.versions.get().language == "fa"
    send_now(staff, mailing, django_capture_on_commit_callbacks)
    by_address = {message["To"]: message for message in smtp_server.messages}
    persian = by_address["fa0@example.org"]
    assert persian["Subject"] == "Given0، چهار روز مانده"
    assert "لطفاً امضا کنید" in persian.get_body(("plain",)).get_content()
    html = persian.get_body(("html",)).get_content()
    assert 'lang="fa" dir="rtl"' in html
    for address in ("en0@example.org", "fr0@example.org"):
        message = by_address[address]
        assert message["Subject"] == "Four days left"
        assert "The return order is signed for Friday" in message.get_body(("plain",)).get_content()
        assert 'lang="en" dir="ltr"' in message.get_body(("html",)).get_content()


def test_the_persian_version_links_to_the_persian_petition(staff, petition, smtp_server,
                                                           django_capture_on_commit_callbacks):
    from tests.i18n.test_count_translations import translate

    persian = translate(petition, title="بگذارید بمانند")
    make_supporters(1, prefix="fa", language="fa")
    segment = create_segment(staff)
    write(staff, segment, petition, {"language": "fa", "subject": "امضا کنید", "preheader": "",
                                     "body": PERSIAN_BODY})
    send_now(staff, Mailing.objects.get(), django_capture_on_commit_callbacks)
    text = smtp_server.messages[0].get_body(("plain",)).get_content()
    assert persian.url.startswith("/fa/") or "/fa/" in persian.url
    assert persian.full_url in text


def test_a_version_in_a_language_the_site_does_not_speak_is_refused(staff, petition):
    segment = create_segment(staff)
    response = write(staff, segment, petition, {"language": "fr", "subject": "Quatre jours", "preheader": "",
                                                "body": "Bonjour"})
    assert response.status_code == 200  # the form again, with the error; nothing saved
    assert not Mailing.objects.exists()


def test_two_versions_in_one_language_are_refused(staff, petition):
    Locale.objects.get_or_create(language_code="fa")
    segment = create_segment(staff)
    row = {"language": "fa", "subject": "امضا کنید", "preheader": "", "body": PERSIAN_BODY}
    response = write(staff, segment, petition, row, row)
    assert response.status_code == 200
    assert not Mailing.objects.exists()
