"""Sent by the actions when a mailing has recipients left to send (after the commit that says so). The senders'
module answers by queueing sender tasks: the senders finish a mailing through the actions, so the actions reach
the senders by this signal instead of importing them back."""

from django.dispatch import Signal

# Arguments: mailing_id, count (how many senders to queue).
senders_wanted = Signal()
