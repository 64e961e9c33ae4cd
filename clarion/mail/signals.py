"""Sent by delivery when a server refused an address for good. The supporters app answers (connected in its
AppConfig.ready) by marking that supporter undeliverable: mail sits below supporters and cannot import them."""

from django.dispatch import Signal

# Arguments: address (as the message was sent to), answer (the server's words, e.g. "550 5.1.1 No such user").
address_refused = Signal()
