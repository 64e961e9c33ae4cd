from tests.petitions.conftest import petition  # noqa: F401  (an open petition on a small site)
