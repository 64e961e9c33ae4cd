"""An editor makes mistakes in the admin and is told what is wrong, never shown a server error."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from clarion.pages.blocks import LinkBlock, VideoBlock
from tests.factories import build_page_tree, jpeg_bytes

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def upload(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": "Camp at dawn", "file": SimpleUploadedFile(name, content, content_type="image/jpeg")},
    )


def test_editor_uploads_a_real_image(editor):
    response = upload(editor, "camp.jpg", jpeg_bytes())
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Camp at dawn").count() == 1


def test_editor_uploads_a_text_file_renamed_to_jpg(editor):
    response = upload(editor, "notes.jpg", b"This is a shopping list, not a picture.\n" * 20)

    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_editor_uploads_an_image_that_is_too_large(editor, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    photo = jpeg_bytes(640, 480)
    assert len(photo) > 1000

    response = upload(editor, "big.jpg", photo)

    assert response.status_code == 200
    html = response.content.decode()
    assert "This file is too big" in html
    assert "Maximum filesize 1000\xa0bytes" in html
    assert not get_image_model().objects.exists()


def video(**value):
    block = VideoBlock()
    return block, block.to_python({"title": "Voices from the camp", "url": "", "file": None, "poster": None,
                                   "caption": "", **value})


def block_error(block, value, field):
    with pytest.raises(ValidationError) as caught:
        block.clean(value)
    return " ".join(str(message) for message in caught.value.block_errors[field])


def a_video_file():
    document = get_document_model()(title="Voices from the camp (film)")
    document.file.save("voices.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=False)
    document.save()
    return document


def test_video_from_youtube_is_accepted():
    block, value = video(url=YOUTUBE)
    assert block.clean(value)["url"] == YOUTUBE


def test_uploaded_video_file_is_accepted():
    block, value = video(file=a_video_file().pk)
    assert block.clean(value)["file"].title == "Voices from the camp (film)"


def test_video_from_another_site_is_refused_with_a_reason():
    block, value = video(url="https://www.dailymotion.com/video/x7tgad0")
    assert block_error(block, value, "url") == "This is not a YouTube or Vimeo video address."


def test_video_with_both_an_address_and_a_file_is_refused():
    block, value = video(url=YOUTUBE, file=a_video_file().pk)
    assert "not both" in block_error(block, value, "url")


def test_video_with_neither_an_address_nor_a_file_is_refused():
    block, value = video()
    assert "YouTube or Vimeo address or choose a file" in block_error(block, value, "url")


def test_link_to_both_a_page_and_an_address_is_refused():
    tree = build_page_tree()
    block = LinkBlock()
    value = block.to_python({"label": "About us", "page": tree.section.pk, "url": "https://example.org/"})
    assert block_error(block, value, "page") == "Choose a page or give an address, not both."


def test_link_to_a_page_is_accepted():
    tree = build_page_tree()
    block = LinkBlock()
    value = block.clean(block.to_python({"label": "About us", "page": tree.section.pk, "url": ""}))
    assert value.href() == tree.section.url
