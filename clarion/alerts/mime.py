"""A fast MIME writer for alert messages: the same bytes a mail program needs, at a tenth of the cost.

Python's e-mail package spends ~0.4 ms building and flattening each multipart message, more than all the
rest of sending one alert. Alerts have one fixed shape (text and HTML alternatives, UTF-8, a few headers), so
this writes it directly: quoted-printable bodies, RFC 2047 encoded subject when it is not ASCII.
"""

import binascii
import email.utils
import re
import secrets
import smtplib
from email.header import Header

from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends import smtp
from django.core.mail.message import DNS_NAME, sanitize_address

# An address that is already what sanitize_address would return (plain ASCII, no display name).
PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")


def plain_address(address):
    """sanitize_address, minus its ~0.1 ms of parsing for the common plain address."""
    return address if PLAIN_ADDRESS.fullmatch(address) else sanitize_address(address, "utf-8")


def _header(value):
    value = " ".join(str(value).split())
    if value.isascii():
        return value
    return Header(value, "utf-8", header_name="Subject").encode(linesep="\r\n")


def _quoted_printable(text):
    data = binascii.b2a_qp(text.replace("\r\n", "\n").encode(), istext=True)
    return data.replace(b"\n", b"\r\n")


class Precomposed:
    """Stands in for email.message.Message where Django's backends only flatten it."""

    def __init__(self, data):
        self.data = data

    def as_bytes(self, unixfrom=False, linesep="\n"):
        return self.data if linesep == "\r\n" else self.data.replace(b"\r\n", linesep.encode())

    def as_string(self, unixfrom=False, linesep="\n"):
        return self.as_bytes(linesep=linesep).decode("ascii")

    def get_charset(self):
        return None

    def __str__(self):
        return self.as_string()


class AlertEmail(EmailMultiAlternatives):
    """One text part and one HTML alternative; every other attribute is Django's, for non-SMTP backends."""

    def __init__(self, *args, from_header=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.from_header = from_header or sanitize_address(self.from_email, "utf-8")

    def message(self, *args, **kwargs):
        if len(self.alternatives) != 1 or self.attachments or self.cc or self.bcc:
            return super().message(*args, **kwargs)
        html, _mimetype = self.alternatives[0]
        boundary = f"=_alert_{secrets.token_hex(12)}"
        headers = [
            f"From: {self.from_header}",
            f"To: {', '.join(plain_address(address) for address in self.to)}",
            *([f"Reply-To: {', '.join(plain_address(address) for address in self.reply_to)}"] if self.reply_to else []),
            f"Subject: {_header(self.subject)}",
            f"Date: {email.utils.formatdate(localtime=True)}",
            f"Message-ID: {email.utils.make_msgid(domain=DNS_NAME)}",
            "MIME-Version: 1.0",
            *(f"{name}: {_header(value)}" for name, value in self.extra_headers.items()),
            f'Content-Type: multipart/alternative; boundary="{boundary}"',
        ]
        part = '--{b}\r\nContent-Type: {t}; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n'
        data = b"".join([
            "\r\n".join(headers).encode("ascii"), b"\r\n\r\n",
            part.format(b=boundary, t="text/plain").encode(), _quoted_printable(self.body), b"\r\n",
            part.format(b=boundary, t="text/html").encode(), _quoted_printable(html), b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ])
        return Precomposed(data)


class AlertSMTPBackend(smtp.EmailBackend):
    """Django's SMTP backend, without parsing the same sender address again for every alert."""

    def _send(self, email_message):
        if not isinstance(email_message, AlertEmail) or not email_message.recipients():
            return super()._send(email_message)
        recipients = [plain_address(address) for address in email_message.recipients()]
        try:
            self.connection.sendmail(email_message.from_header, recipients,
                                     email_message.message().as_bytes(linesep="\r\n"))
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True


def alert_connection():
    """A connection of the configured backend; for Django's own SMTP backend, the faster subclass above."""
    from django.conf import settings
    from django.core.mail import get_connection

    if settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
        return get_connection("clarion.alerts.mime.AlertSMTPBackend")
    return get_connection()
