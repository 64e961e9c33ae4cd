"""What an SMTP server's answer means for one message: refused for good (and whether the address is to blame),
refused for now, or the whole session refused (our configuration or the network, never the recipient's fault)."""

import smtplib

import pytest

from clarion.mail import refusals


@pytest.mark.parametrize("error, final, address, session", [
    (smtplib.SMTPRecipientsRefused({"a@x.org": (550, b"5.1.1 No such user")}), True, True, False),
    (smtplib.SMTPRecipientsRefused({"a@x.org": (550, b"Mailbox unavailable")}), True, True, False),
    (smtplib.SMTPRecipientsRefused({"a@x.org": (552, b"5.2.2 Mailbox full")}), True, False, False),
    (smtplib.SMTPRecipientsRefused({"a@x.org": (451, b"4.7.1 Greylisted")}), False, False, False),
    (smtplib.SMTPRecipientsRefused({"a@x.org": (554, b"5.7.1 Relay access denied")}), False, False, True),
    (smtplib.SMTPRecipientsRefused({"a@x.org": (421, b"4.3.2 Shutting down")}), False, False, True),
    (smtplib.SMTPDataError(550, b"5.1.1 Recipient gone"), True, True, False),
    (smtplib.SMTPDataError(554, b"5.6.0 Message content rejected"), True, False, False),
    (smtplib.SMTPDataError(554, b"Transaction failed"), True, False, False),
    (smtplib.SMTPDataError(452, b"4.3.1 Insufficient storage"), False, False, False),
    (smtplib.SMTPSenderRefused(530, b"5.7.0 Authentication required", "us@x.org"), False, False, True),
    (smtplib.SMTPConnectError(554, b"No SMTP service here"), False, False, True),
    (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), False, False, True),
    (ConnectionRefusedError(111, "Connection refused"), False, False, True),
])
def test_what_a_servers_answer_means(error, final, address, session):
    verdict = refusals.judge(error)
    assert (verdict.final, verdict.address, verdict.session) == (final, address, session)
