"""A visitor walks the whole demo campaign, signs its petition and confirms: every link on every page she sees
goes somewhere real, and every page of this site it leads to answers."""

from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from clarion.mail.models import OutboxMessage
from clarion.petitions.models import PetitionPage
from tests.petitions.conftest import CONFIRM_LINK, deliver_outbox, link_path, sign

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
# Enough for the demo many times over; a walk that passes it is following a link that never ends.
MAX_PAGES = 200


def _own_host(netloc):
    return netloc in {"testserver", urlsplit(settings.CLARION_BASE_URL).netloc}


def _link_problem(anchor, soup):
    """Why `anchor` is not a real link, or None when it goes somewhere."""
    href = anchor.get("href")
    if href is None:
        return "has no href"
    href = href.strip()
    if href in ("", "#") or href.lower().startswith("javascript:"):
        return f"goes nowhere (href={href!r})"
    if href.startswith("#") and soup.find(id=href[1:]) is None:
        return f"points at {href}, which is not on the page"
    return None


def _internal_target(page_url, href):
    """The path (and query) of this site that `href` leads to, or None when it leads elsewhere."""
    target = urlsplit(urljoin(page_url, href.strip()))
    if target.scheme not in ("http", "https") or not _own_host(target.netloc):
        return None
    return target.path + (f"?{target.query}" if target.query else "")


class Walk:
    """Pages visited from some starting points, with every dead link or failing page found on the way."""

    def __init__(self, client):
        self.client = client
        self.seen = set()
        self.problems = []

    def start(self, *paths, expected_status=200):
        queue = deque((path, "(start)") for path in paths)
        while queue and len(self.seen) < MAX_PAGES:
            path, found_on = queue.popleft()
            if path in self.seen:
                continue
            self.seen.add(path)
            queue.extend((target, path) for target in self._visit(path, found_on, expected_status))
            expected_status = 200  # only the first page may be an error page on purpose
        assert len(self.seen) < MAX_PAGES, "the walk never ended"

    def _visit(self, path, found_on, expected_status):
        response = self.client.get(path)
        if response.status_code in (301, 302, 303, 307, 308):
            target = _internal_target(ORIGIN + path, response["Location"])
            return [target] if target else []
        if response.status_code != expected_status:
            self.problems.append(f"{path} (linked from {found_on}) answers {response.status_code}")
            return []
        if not response.get("Content-Type", "").startswith("text/html"):
            return []
        soup = BeautifulSoup(response.content, "html.parser")
        targets = []
        for anchor in soup.find_all("a"):
            problem = _link_problem(anchor, soup)
            if problem:
                self.problems.append(f"{path}: the link “{anchor.get_text(' ', strip=True)}” {problem}")
                continue
            target = _internal_target(ORIGIN + path, anchor["href"])
            if target and not anchor["href"].startswith("#"):
                targets.append(target)
        return targets


def test_every_link_on_every_page_of_the_demo_goes_somewhere(client, demo):
    walk = Walk(client)
    walk.start("/")
    walk.start("/no-such-page/", expected_status=404)

    assert walk.problems == []
    petition = PetitionPage.objects.get()
    assert {"/", "/en/", petition.url, "/en/about/", "/en/privacy/", "/en/contact/",
            "/en/stop-the-forced-return/"} <= walk.seen


def test_every_link_a_signer_meets_goes_somewhere(client, demo):
    petition = PetitionPage.objects.get()
    walk = Walk(client)

    signed = sign(client, petition, email="walker@example.org")
    assert signed.status_code == 302
    walk.start(signed["Location"])

    deliver_outbox()
    mail = OutboxMessage.objects.get(to="walker@example.org", subject__startswith="Please confirm")
    confirmed = client.get(link_path(CONFIRM_LINK.search(mail.text_body).group(0)))
    assert confirmed.status_code == 302
    walk.start(confirmed["Location"])

    assert walk.problems == []
    assert any(path.startswith(f"/petitions/{petition.pk}/thanks/") for path in walk.seen)
