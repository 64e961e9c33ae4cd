"""An editor adds a module to the phone menu drawer of one page; visitors see it there and nowhere else."""

import re

import pytest
from playwright.sync_api import expect

from tests.journeys.conftest import keep_on_loopback, log_in_to_admin, visit

pytestmark = pytest.mark.journey

PASSWORD = "candles at the camp gate"
MODULE_TITLE = "Night vigil on Friday"
MODULE_TEXT = "Join the candle-lit vigil at the camp gate on Friday at 8 pm."
APPEAL = "/stop-the-forced-return/"


def log_in(page, base_url):
    log_in_to_admin(page, base_url, "editor", PASSWORD)


def choose_page(page, title):
    """Pick a page below the home page in Wagtail's page chooser modal."""
    page.get_by_role("button", name="Choose a page").click()
    chooser = page.get_by_role("dialog").filter(has_text="Choose a page")
    chooser.get_by_role("link", name="Explore").click()  # from the root into the home page's children
    chooser.get_by_role("link", name=title, exact=True).click()
    expect(chooser).to_be_hidden()


def drawer_modules(page, base_url, path):
    """Open `path` as a visitor, open the menu drawer, and return the set of module titles inside it."""
    visit(page, base_url, path)
    page.locator("button.offcanvas-toggle").click()
    drawer = page.locator("dialog#offcanvas")
    expect(drawer).to_have_attribute("open", "")
    return set(drawer.locator("section.module").evaluate_all("(els) => els.map((el) => el.ariaLabel)"))


def test_editor_places_module_in_offcanvas(page, phone_page, live_demo, django_user_model, settings):
    # Autosave would race the robot's instant click on Publish (a person pauses first) and file a second draft.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    admin = page
    # Settings switch off the admin's own update check and Gravatar look-ups: nothing leaves the machine.
    admin_attempted = keep_on_loopback(admin)
    log_in(admin, live_demo)

    admin.get_by_role("link", name="Modules").click()
    expect(admin.get_by_role("heading", name="Modules")).to_be_visible()
    admin.get_by_role("link", name="Add module").click()
    # Modules are translatable: a new one is written in a language, the default unless the editor picks another.
    admin.wait_for_url(re.compile(r".*/admin/snippets/layout/module/add/(\?locale=en)?$"))
    admin.get_by_role("textbox", name="Title").fill(MODULE_TITLE)
    admin.get_by_role("combobox", name="Position").select_option(label="Off-canvas panel (menu on small screens)")

    content = admin.get_by_role("region", name="Content")
    content.get_by_role("button", name="Insert a block").first.click()
    admin.get_by_role("option", name="Text", exact=True).click()
    editor = content.get_by_role("textbox")
    expect(editor).to_be_visible()
    editor.click()
    admin.keyboard.type(MODULE_TEXT)
    expect(editor).to_have_text(MODULE_TEXT)

    admin.get_by_role("combobox", name="Show it").select_option(label="Only on the pages below")
    admin.get_by_role("button", name="Add Page").click()
    choose_page(admin, "About us")
    expect(admin.get_by_role("region", name="Pages")).to_contain_text("About us")

    actions = admin.get_by_role("navigation", name="Actions (footer)")
    actions.get_by_role("button", name="More actions").click()
    actions.get_by_role("button", name="Publish").click()
    expect(admin.get_by_role("status")).to_contain_text(f"Module '{MODULE_TITLE}' created and published")
    listed = admin.get_by_role("row").filter(has_text=MODULE_TITLE)
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("Off-canvas panel (menu on small screens)")
    assert admin.clarion_js_errors == []
    assert admin_attempted == []

    visitor = phone_page
    attempted = keep_on_loopback(visitor)
    assert drawer_modules(visitor, live_demo, "/about/") == {MODULE_TITLE, "Spread the word"}
    expect(visitor.get_by_role("region", name=MODULE_TITLE)).to_contain_text(MODULE_TEXT)
    assert drawer_modules(visitor, live_demo, "/") == {"Spread the word"}
    assert drawer_modules(visitor, live_demo, APPEAL) == {"Spread the word"}
    assert attempted == []
    assert visitor.clarion_js_errors == []
