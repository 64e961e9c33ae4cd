# The browser journeys' fixtures: the demo campaign on a live server.
from tests.journeys.conftest import _serialized_contents_after_playwright, live_demo  # noqa: F401
