"""What an SMTP failure means for one message: refused for good, refused for now, or the server's own trouble.

A 5xx answer to RCPT (or to DATA) is the receiving side saying no to this message: trying again an hour later
gets the same no, so the message fails at once with the server's words. Only an answer about the address itself
(a bare 5xx to RCPT, or 5.1.x / 5.2.x: no such mailbox, mailbox disabled) marks the address undeliverable; a refusal
of the content (5.6.x) fails that message alone. A 5xx for the whole session (554 at the greeting, 530 "log in
first", a refused sender, 5.7.x "relaying denied") is our configuration, not the recipient's fault: the message
waits and is retried like an outage, and the operator is told loudly. 4xx and dropped connections wait too.
"""

import re
import smtplib
from dataclasses import dataclass

ENHANCED_CODE = re.compile(r"^\s*[245]\.(\d{1,3}\.\d{1,3})\b")


@dataclass(frozen=True)
class Verdict:
    final: bool = False  # this message is refused for good
    address: bool = False  # and the address is what was refused: stop mailing it
    session: bool = False  # the whole session failed, not this recipient: the next recipients would fail too
    answer: str = ""  # the server's own words, e.g. "550 5.1.1 No such user"

    @property
    def misconfigured(self):
        """The server refuses us for good (5xx) as a whole: only the operator can fix it, so say it loudly."""
        return self.session and self.answer[:1] == "5"


def _answer(code, text):
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(str(text).split())}"[:300]


def _enhanced(text):
    """The subject and detail of an enhanced status code ("1.1" of "5.1.1 No such user"), or None."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    match = ENHANCED_CODE.match(str(text))
    return match.group(1) if match else None


def judge(error):
    """The verdict on an exception raised while sending one message to one recipient."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, text = max(error.recipients.values(), key=lambda answer: answer[0])
        return _recipient(code, text, at_data=False)
    if isinstance(error, smtplib.SMTPDataError):
        return _recipient(error.smtp_code, error.smtp_error, at_data=True)
    if isinstance(error, smtplib.SMTPResponseException):
        # Greeting, HELO, login or MAIL FROM: the session itself was refused.
        return Verdict(session=True, answer=_answer(error.smtp_code, error.smtp_error))
    return Verdict(session=True, answer=f"{type(error).__name__}: {error}"[:300])


def _recipient(code, text, *, at_data):
    answer = _answer(code, text)
    if code == 421:
        # "Service not available, closing the connection": smtplib has closed it.
        return Verdict(session=True, answer=answer)
    if code < 500:
        return Verdict(answer=answer)
    enhanced = _enhanced(text)
    if enhanced and enhanced.startswith("7.") and not at_data:
        # "Relaying denied", "your host is blocklisted", "authentication required": the same for every address.
        return Verdict(session=True, answer=answer)
    if enhanced:
        # RFC 3463 subjects 1 (address) and 2 (mailbox) say it is gone; a full mailbox (2.2) may empty again.
        subject, detail = enhanced.split(".")
        gone = subject == "1" or (subject == "2" and detail != "2")
    else:
        gone = not at_data  # a bare 550 to RCPT is the classic "no such user"; at DATA it may be the content
    return Verdict(final=True, address=gone, answer=answer)
