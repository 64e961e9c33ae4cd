"""The petition, the confirmed signer and the ways she invites friends, shared with the spreading tests; and an
administrator's session."""

from tests.spread.conftest import petition, signer, staff  # noqa: F401  (fixtures)
