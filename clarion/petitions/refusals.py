"""How the signing endpoint answers a post it cannot take, cheaply enough to survive a flood of them.

A person who made a mistake gets the form back with notes beside the fields (or a page saying what is
wrong). That page costs about as much as a signature, so a flood of bad posts on as many connections as the
signers would halve signing. Each process therefore gives at most CLARION_SIGN_FULL_REFUSALS_PER_SECOND full
answers a second; beyond that a refused post gets a short page listing what was wrong, with a link back to
the petition: still a clear message and the same 4xx status, for a fraction of the cost. The operator gets
one log line a minute counting refusals instead of one line per bad post.

An address (as the fraud checks see it, through trusted proxies; an IPv6 /64 is one address) whose posts were refused
CLARION_SIGN_REFUSALS_PER_ADDRESS times in the current minute gets 429 for the rest of it, answered by `front`
before Django reads the post: a script sending bad posts then costs almost nothing. A person correcting a
typo never comes near the limit; nginx's limit in the deployment sample works the same way one step earlier.
"""

import logging
import re
import threading
import time

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import get_template
from django.template.response import TemplateResponse
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clarion.core import memo
from clarion.core.ids import IdConverter
from clarion.core.netaddr import client_address, client_ip, ip_bucket
from clarion.core.public_post import problem_text

log = logging.getLogger(__name__)

# The signing door's own problems; those of every public form post are clarion.core.public_post's TEXTS.
PROBLEMS = {
    "not_open": _("This petition is not taking signatures."),
}


class Meter:
    """Refusals this process answered: in the current second (to choose the answer) and the current minute
    (for the log)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        self._second = self._minute = None
        self._in_second = self._in_minute = self._short_in_minute = 0

    def full_answer(self, now=None):
        """Count one refusal; True when it may still have the full answer."""
        now = time.monotonic() if now is None else now
        second, minute = int(now), int(now // 60)
        with self._lock:
            if minute != self._minute:
                self._report()
                self._minute, self._in_minute, self._short_in_minute = minute, 0, 0
            if second != self._second:
                self._second, self._in_second = second, 0
            self._in_second += 1
            self._in_minute += 1
            full = self._in_second <= settings.CLARION_SIGN_FULL_REFUSALS_PER_SECOND
            if not full:
                self._short_in_minute += 1
        return full

    def _report(self):
        if self._short_in_minute:
            log.warning("Signing refused %d bad posts in a minute; %d got the short answer (more than %d a "
                        "second in this process).", self._in_minute, self._short_in_minute,
                        settings.CLARION_SIGN_FULL_REFUSALS_PER_SECOND)


class AddressMeter:
    """Refusals per client address in the current minute, in this process's memory (at most MAX_ADDRESSES)."""

    MAX_ADDRESSES = 50_000

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        self._minute, self._counts = None, {}

    def _current(self, now):
        minute = int((time.monotonic() if now is None else now) // 60)
        if minute != self._minute:
            self._minute, self._counts = minute, {}
        return self._counts

    def count(self, address, now=None):
        if not address:
            return  # no address to tell people apart (a Unix socket without a proxy header): never limited
        with self._lock:
            counts = self._current(now)
            if len(counts) >= self.MAX_ADDRESSES:
                counts.clear()  # a flood from more addresses than this is nginx's to stop
            counts[address] = counts.get(address, 0) + 1

    def over_limit(self, address, now=None):
        if not address:
            return False
        with self._lock:
            return self._current(now).get(address, 0) >= settings.CLARION_SIGN_REFUSALS_PER_ADDRESS


meter = Meter()
addresses = AddressMeter()
memo.register(f"{__name__}.meter", meter.reset)
memo.register(f"{__name__}.addresses", addresses.reset)


@memo.lru(maxsize=1)
def sign_path():
    """The signing URL as the URLconf builds it, its id a pattern: `front` limits the URL that `sign` serves,
    wherever the URLconf puts it, and only ids the URL's converter takes (ASCII digits, not any \\d)."""
    placeholder = 1234567
    path = reverse("petitions:sign", kwargs={"pk": placeholder})
    # Without the script prefix: the front matches PATH_INFO, which never carries SCRIPT_NAME.
    path = "/" + path.removeprefix(get_script_prefix())
    before, after = path.split(str(placeholder))
    return re.compile(re.escape(before) + IdConverter.regex + re.escape(after))


def front(application):
    """Wrap a WSGI application so an address over its refusal limit gets 429 before its post is read."""

    def serve(environ, start_response):
        if (environ.get("REQUEST_METHOD") == "POST" and sign_path().fullmatch(environ.get("PATH_INFO", ""))
                and addresses.over_limit(ip_bucket(client_address(environ)))):
            body = gettext("Too many of your signing attempts were refused. Please wait a minute, then sign "
                           "again on the petition page.").encode()
            start_response("429 Too Many Requests", [
                ("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))),
                ("Retry-After", "60"), ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff"),
            ])
            return [body]
        return application(environ, start_response)

    return serve


def refuse(request, status, *, petition=None, form=None, problem=None):
    """The answer to a post that was not taken: `form` with its errors, or a problem of the prologue
    (clarion.core.public_post) or of PROBLEMS."""
    about = problem_text(problem, "sign") if problem else None
    addresses.count(ip_bucket(client_ip(request)))
    if meter.full_answer():
        if form is not None:
            # Only the form, not the whole petition page: the frame of the signing endpoint's answers.
            return TemplateResponse(request, "petitions/correct.html", {"petition": petition, "form": form},
                                    status=status)
        return TemplateResponse(request, "petitions/problem.html",
                                {"problem": problem, "about": about, "petition": petition}, status=status)
    request.clarion_short_refusal = True
    if form is not None:
        notes = [f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
                 for name, errors in form.errors.items()]
    else:
        notes = [about.note if about else PROBLEMS[problem]]
    # No request context: the short page needs no context processors, which is what keeps it cheap.
    html = get_template("petitions/refused.html").render({
        "notes": notes, "petition": petition, "LANGUAGE_CODE": translation.get_language(),
    })
    return HttpResponse(html, status=status)
