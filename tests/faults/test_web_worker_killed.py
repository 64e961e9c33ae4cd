"""Issue 14: a gunicorn worker process dies (SIGKILL: the OOM killer, a segfault) while supporters sign.

The scale-out site of stack_kit with two gthread workers. Client threads sign with addresses of their own; a
client whose connection is reset or dropped signs again with the same address, as a person re-submits the form
in the browser. Mid-traffic one worker is killed; later both at once. Every post answered "check your e-mail" is
stored with one confirmation in the outbox, every confirmation reaches the real SMTP sink exactly once, a signer
who submitted twice counts once after confirming, nothing answers 5xx, and the master's replacement workers
answer within REPLACED_SECONDS (measured: printed by the test).

Skipped only when PostgreSQL does not answer on 127.0.0.1:5432 (CI starts it).
"""

import os
import re
import signal
import threading
import time
from collections import Counter

import pytest
import requests

from tests.faults.lease_kit import children
from tests.faults.stack_kit import FORM, answers, scale_out_stack, wait

CLIENTS = 6
EACH = 8
# Measured at 1.8 to 7.1 s for both workers killed at once on a loaded 2-core machine (the master forks at once;
# booting Django takes the rest): a margin.
REPLACED_SECONDS = 15
CONFIRM = re.compile(r"/petitions/confirm/([^/\s\"]+)/")
CONFIRMATIONS = """SELECT s.email, count(*), (SELECT count(*) FROM mail_outboxmessage o
WHERE o.template = 'petitions/confirm' AND o.to = s.email) FROM petitions_signature s GROUP BY s.email"""


@pytest.fixture
def stack(tmp_path, smtp_server):
    with scale_out_stack(tmp_path, smtp_server, "web_worker_killed", WEB_CONCURRENCY="2") as stack:
        yield stack


class Signers:
    """CLIENTS browsers, each signing EACH addresses in turn and re-submitting one after a broken connection."""

    def __init__(self, base, petition):
        self.url = f"{base}/petitions/{petition}/sign/"
        self.answered, self.attempts, self.other = {}, Counter(), []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._client, args=(n,), daemon=True) for n in range(CLIENTS)]
        self.give_up = time.monotonic() + 120

    def _client(self, n):
        browser = requests.Session()
        for k in range(EACH):
            email = f"signer{n}-{k}@example.org"
            while True:
                with self.lock:
                    self.attempts[email] += 1
                try:
                    answer = browser.post(self.url, data={**FORM, "email": email}, allow_redirects=False, timeout=30)
                except requests.ConnectionError:
                    if time.monotonic() > self.give_up:
                        return
                    time.sleep(0.2)  # the person sees an error page and presses "sign" again
                    continue
                with self.lock:
                    if answer.status_code == 302:
                        self.answered[email] = answer.headers["Location"]
                    else:
                        self.other.append((email, answer.status_code, answer.text[:300]))
                break

    def start(self):
        for thread in self.threads:
            thread.start()

    def join(self):
        for thread in self.threads:
            thread.join(timeout=max(self.give_up - time.monotonic(), 0) + 30)
        return not any(thread.is_alive() for thread in self.threads)


def _workers(stack):
    return set(children(stack.pid("web")))


def _kill_workers(stack, count):
    """SIGKILL `count` of the master's workers; return the seconds until the master had forked as many new ones,
    and until a request on a new connection was answered."""
    before = _workers(stack)
    assert len(before) == 2, before
    killed = sorted(before)[:count]
    started = time.monotonic()
    for pid in killed:
        os.kill(pid, signal.SIGKILL)
    wait("the master replaces its workers", lambda: len(_workers(stack) - before) == count, REPLACED_SECONDS)
    forked = time.monotonic() - started
    wait("the site answers", lambda: _fresh_answer(stack), REPLACED_SECONDS)
    return forked, time.monotonic() - started


def _fresh_answer(stack):
    try:
        # A connection waits in the listening socket's queue until a worker takes it: one try, a long wait.
        url = f"{stack.base}/petitions/{stack.made['petition']}/count.json"
        return requests.get(url, timeout=REPLACED_SECONDS).ok
    except requests.RequestException:
        return False


def _confirmation_links(smtp_server, email):
    return [CONFIRM.search(m.get_body(("plain",)).get_content()) for m in smtp_server.to(email)]


def test_supporters_keep_signing_while_web_workers_are_killed(stack, smtp_server):
    petition = stack.made["petition"]
    wait("the site answers", lambda: answers(stack.web_port) and _fresh_answer(stack), 60)
    signers = Signers(stack.base, petition)
    signers.start()

    wait("the first signatures", lambda: len(signers.answered) >= CLIENTS * EACH // 4, 60)
    one = _kill_workers(stack, 1)
    wait("more signatures", lambda: len(signers.answered) >= CLIENTS * EACH // 2, 60)
    both = _kill_workers(stack, 2)
    print(f"one web worker killed: replacement forked after {one[0]:.1f} s, the site answered after {one[1]:.1f} s;"
          f" both killed: forked after {both[0]:.1f} s, answered after {both[1]:.1f} s")
    assert signers.join(), "a client is stuck"
    again = sum(signers.attempts.values()) - len(signers.attempts)
    print(f"{len(signers.answered)} signatures, {again} re-submitted after a broken connection")

    assert signers.other == []
    emails = {f"signer{n}-{k}@example.org" for n in range(CLIENTS) for k in range(EACH)}
    assert set(signers.answered) == emails
    assert set(signers.answered.values()) == {f"/petitions/{petition}/check-your-email/"}

    # Each stored entry has its one confirmation; one only submitted once is stored once.
    stored = {email: (entries, mails) for email, entries, mails in _rows(stack, CONFIRMATIONS)}
    print(f"{sum(entries > 1 for entries, _ in stored.values())} addresses stored twice (killed after the commit)")
    assert set(stored) == emails
    assert all(mails == entries for entries, mails in stored.values()), stored
    assert all(entries <= signers.attempts[email] for email, (entries, _) in stored.items()), stored
    assert all(entries == 1 for email, (entries, _) in stored.items() if signers.attempts[email] == 1), stored

    wait("every confirmation is delivered", lambda: all(
        len(smtp_server.to(email)) >= entries for email, (entries, _) in stored.items()), 30)
    time.sleep(2)  # two more sweeps: a second copy would have gone out by now
    delivered = {email: len(smtp_server.to(email)) for email in emails}
    assert delivered == {email: entries for email, (entries, _) in stored.items()}
    unsent = "SELECT count(*) FROM mail_outboxmessage WHERE status <> 'sent'"
    assert stack.row(unsent)[0] == 0

    # Confirming one link each: a signer who submitted twice is one confirmed signature, the other entry gone.
    for email in emails:
        link = _confirmation_links(smtp_server, email)[-1]
        confirmed = requests.get(f"{stack.base}{link.group(0)}", allow_redirects=False, timeout=30)
        assert confirmed.status_code == 302, (email, confirmed.status_code, confirmed.text[:300])
    rows = "SELECT email, count(*), count(confirmed_at) FROM petitions_signature GROUP BY email"
    assert {email: (total, done) for email, total, done in _rows(stack, rows)} == {e: (1, 1) for e in emails}

    assert len(_workers(stack)) == 2 and _fresh_answer(stack)
    web = stack.log("web")
    statuses = re.findall(r'"[A-Z]+ (\S+) HTTP/1\.[01]" (\d{3})', web)
    assert len(statuses) >= len(emails) * 2
    assert [line for line in statuses if line[1].startswith("5")] == [], web
    assert web.count("was sent SIGKILL") == 3, web


def _rows(stack, sql):
    import psycopg

    with psycopg.connect(stack.db) as connection:
        return connection.execute(sql).fetchall()
