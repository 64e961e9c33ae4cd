"""Every first visit asks for /favicon.ico: a fresh demo answers it with the default icon (no 404), and once an
editor sets the organisation's logo the favicon, the app icons and the pages' icon links follow it."""

import io
import json

import pytest
from PIL import Image
from wagtail.models import Site

from clarion.organisation import identity
from clarion.organisation.actions import describe_organisation
from tests.factories import jpeg_bytes
from tests.factories import save_image as save_picture

GREEN = (0, 160, 0)


def picture(response, size):
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    assert image.size == (size, size)
    return image.convert("RGBA")


def is_green(pixel):
    red, green, blue, alpha = pixel
    return alpha == 255 and green > 120 and red < 60 and blue < 60


@pytest.mark.django_db
def test_a_fresh_demo_answers_the_favicon_and_app_icons_with_its_default_icon(client, demo):
    favicon = picture(client.get("/favicon.ico"), 32)
    picture(client.get("/apple-touch-icon.png"), 180)
    picture(client.get("/icons/512.png"), 512)

    assert not is_green(favicon.getpixel((16, 16)))
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert manifest["name"] == Site.objects.get(is_default_site=True).site_name
    assert [icon["sizes"] for icon in manifest["icons"]] == ["192x192", "512x512"]
    home = client.get("/en/").content.decode()
    assert '<link rel="icon" href="/favicon.ico?v=0"' in home
    assert client.get("/icons/77.png").status_code == 404


@pytest.mark.django_db
def test_the_icons_are_drawn_from_the_logo_an_editor_sets(client, demo):
    logo = save_picture("Our logo", jpeg_bytes(width=300, height=150, colour=GREEN), "logo.jpg")
    describe_organisation(Site.objects.get(is_default_site=True), logo=logo)

    favicon = picture(client.get("/favicon.ico"), 32)
    touch = picture(client.get("/apple-touch-icon.png"), 180)

    assert is_green(favicon.getpixel((16, 16))) and is_green(touch.getpixel((90, 90)))
    # A wide logo is scaled into the square, not cropped: the margins above and below stay transparent.
    assert touch.getpixel((90, 2))[3] == 0
    assert f'<link rel="icon" href="/favicon.ico?v={logo.pk}-' in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_a_logo_whose_file_was_lost_leaves_the_default_icon_and_mail_with_the_name(client, demo):
    logo = save_picture("Our logo", jpeg_bytes(colour=GREEN), "lost.jpg")
    logo.file.storage.delete(logo.file.name)
    describe_organisation(Site.objects.get(is_default_site=True), logo=logo)

    favicon = picture(client.get("/favicon.ico"), 32)

    assert not is_green(favicon.getpixel((16, 16)))
    assert identity.current().mail_logo is None

