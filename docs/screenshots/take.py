"""Screenshots of the public pages for the README: `python docs/screenshots/take.py http://127.0.0.1:8000`.

Runs the same headless Chromium as the browser journeys (tests/fixtures/browser.py) against a running Clarion
with the demo campaign (`make run`), at a desktop and a phone width; writes docs/screenshots/<page>-<width>.png.
"""

import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.fixtures.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PAGES = {"home": "/", "petition": "/petition/"}
SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


def shrink(png, path):
    """256 colours are plenty for a screenshot of flat design, at a third of the size."""
    from io import BytesIO

    Image.open(BytesIO(png)).convert("RGB").quantize(256, dither=Image.Dither.NONE).save(path, optimize=True)


def take(base_url, out=HERE):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for screen, viewport in SCREENS.items():
            # The first screen a visitor sees, as still as a screenshot: no slideshow turning, no animation.
            context = browser.new_context(viewport=viewport, reduced_motion="reduce",
                                          is_mobile=screen == "phone", has_touch=screen == "phone")
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base_url + path, wait_until="networkidle", timeout=60_000)
                page.evaluate("document.fonts.ready")
                shrink(page.screenshot(), out / f"{name}-{screen}.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    base = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    take(base, Path(sys.argv[2]) if len(sys.argv) > 2 else HERE)
