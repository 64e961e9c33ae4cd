"""The petition, the confirmed signer and the ways she invites friends, shared with the spreading tests."""

from tests.spread.conftest import petition, signer  # noqa: F401  (fixtures)
