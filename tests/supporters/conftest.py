from tests.petitions.conftest import petition  # noqa: F401  (the same open petition fixture)
