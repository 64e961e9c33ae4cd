"""A petition on a small site, an administrator, and the outbox delivered to a real SMTP server."""

from tests.petitions.conftest import petition, staff  # noqa: F401  (fixtures)
