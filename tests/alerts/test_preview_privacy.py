"""Nadia writes mailings but may not see supporters. She previews a mailing "as" a real supporter's address, and
as an address nobody has: she sees a sample person either way, and no link in the page acts for anyone. Olga,
who may see supporters, previews the real merge fields, still with placeholder links. A test mail to oneself
carries placeholder links too, List-Unsubscribe included."""

import html
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from clarion.mail.models import OutboxMessage
from clarion.supporters import actions as supporter_actions
from clarion.supporters.models import Consent, Supporter
from tests.alerts.conftest import act, composed, create_segment, make_supporters
from tests.petitions.conftest import deliver_outbox

pytestmark = pytest.mark.django_db

# Every merge field, so that anything personal or any link the preview would carry shows up in it.
TELL_ALL = ("Dear {{ first_name }} ({{ name }}, {{ email }}, {{ country }}),\n\n{{ petition_link }}\n\n"
            "Your settings: {{ preferences_url }}\nLeave: {{ unsubscribe_url }}")
URL = re.compile(r"""(?:https?://[^\s"'<>]+|/supporters/[^\s"'<>]+)""")
# The one part of an admin page that differs from request to request.
CSRF = re.compile(r"""(csrfmiddlewaretoken" value="|"CSRF_TOKEN": ")[^"]+""")


def admin_user(django_user_model, username, *codenames):
    """An admin account whose only rights are these permissions (and admin access)."""
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    group = Group.objects.create(name=username)
    group.permissions.add(Permission.objects.get(codename="access_admin"),
                          *Permission.objects.filter(codename__in=codenames))
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def nadia(django_user_model):
    """Mailings only: she writes, previews and tests them."""
    return admin_user(django_user_model, "nadia", "view_mailing", "add_mailing", "change_mailing")


@pytest.fixture
def olga(django_user_model):
    """Mailings and the right to view supporters."""
    return admin_user(django_user_model, "olga", "view_mailing", "change_mailing", "view_supporter")


@pytest.fixture
def mailing(staff, petition):
    return composed(staff, create_segment(staff), petition, body=TELL_ALL, subject="{{ name }}, read this")


def preview(client, mailing, email):
    return client.get(reverse("alerts_mailings:preview", args=[mailing.pk]), {"email": email})


def links_in(text):
    """Every URL in a page or message, its HTML unescaped (the preview's HTML part is escaped twice)."""
    return set(URL.findall(html.unescape(html.unescape(text))))


def state(supporter):
    supporter = Supporter.objects.get(pk=supporter.pk)
    return (supporter.subscribed, supporter.erased_at, supporter.token_version,
            Consent.objects.filter(supporter=supporter).count(), OutboxMessage.objects.count())


def try_every_link(urls, supporter):
    """Follow and post to each link as whoever got hold of it would; the supporter must be left as they were."""
    before = state(supporter)
    stranger = Client()
    tried = 0
    for url in urls:
        path = urlsplit(url).path
        if not path.startswith("/supporters/"):
            continue
        for suffix in ("", "my-data.json", "erase/", "new-link/"):
            target = path + suffix if path.endswith("/") else path
            answers = [stranger.get(target), stranger.post(target, {"subscribed": "no", "confirm": "erase"}),
                       stranger.post(target, "List-Unsubscribe=One-Click",
                                     content_type="application/x-www-form-urlencoded")]
            tried += 1
            for answer in answers:
                assert supporter.email not in answer.content.decode(errors="replace"), target
                assert answer.status_code >= 400, (target, answer.status_code)
    assert state(supporter) == before
    return tried


def test_a_mailing_only_user_previewing_a_real_supporter_sees_a_sample_with_dead_links(nadia, mailing):
    real = make_supporters(2)[1]

    answer = preview(nadia, mailing, real.email)

    page = answer.content.decode()
    assert answer.status_code == 200
    for personal in (real.email, "Given1", "Family", real.referral_code):
        assert personal not in page, personal
    assert "As a sample supporter would receive it" in page and "Dear Miriam (Miriam Rezaei" in page
    urls = links_in(page)
    assert any("/supporters/unsubscribe/" in url for url in urls)  # the List-Unsubscribe header is shown
    assert try_every_link(urls, real) >= 2


def test_an_unknown_address_looks_exactly_like_a_known_one_to_a_mailing_only_user(nadia, mailing):
    real = make_supporters(1)[0]

    answers = [preview(nadia, mailing, address) for address in
               (real.email, "nobody@example.org", "", "not an address")]

    assert {answer.status_code for answer in answers} == {200}
    pages = {CSRF.sub(r"\1…", answer.content.decode()) for answer in answers}
    assert len(pages) == 1


def test_a_user_who_may_see_supporters_previews_real_merge_fields_but_no_working_link(olga, mailing):
    real = make_supporters(2)[1]

    answer = preview(olga, mailing, real.email)

    page = html.unescape(answer.content.decode())
    assert answer.status_code == 200
    assert f"Dear Given1 (Given1 Family, {real.email}, Germany)" in page
    assert f"ref={real.referral_code}" in page
    assert try_every_link(links_in(answer.content.decode()), real) >= 2
    unknown = preview(olga, mailing, "nobody@example.org")
    assert unknown.status_code == 400 and "No supporter has the address" in unknown.content.decode()


def test_the_test_mail_to_oneself_carries_only_placeholder_links(staff, mailing, smtp_server,
                                                                 django_capture_on_commit_callbacks):
    # The organiser is a supporter herself: the test is addressed as her own record, with her name.
    herself = supporter_actions.record_supporter("staff@example.org", name="Sara Staff")
    supporter_actions.opt_in(herself, channel="signup", notice_text="Yes, e-mail me.")

    act(staff, mailing, "test", django_capture_on_commit_callbacks)
    deliver_outbox()

    [message] = smtp_server.to("staff@example.org")
    text = message.get_body(("plain",)).get_content() + message.get_body(("html",)).get_content()
    assert text.startswith("Dear Sara")
    urls = links_in(text) | links_in(message["List-Unsubscribe"])
    assert any("/supporters/unsubscribe/" in url for url in links_in(message["List-Unsubscribe"]))
    assert try_every_link(urls, herself) >= 2
    assert Supporter.objects.mailable().filter(pk=herself.pk).exists()
