"""An editor files a document in a collection only logged-in staff may see. A stranger who learns (or guesses)
its file name tries every way under /media/ to fetch it: only images are served there; the document itself
comes only through Wagtail's view, which asks for a login."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction

from tests.factories import make_image

SECRET = b"%PDF-1.4 names of the witnesses"


@pytest.fixture
def private_document(db):
    collection = Collection.get_first_root_node().add_child(name="Witness statements")
    CollectionViewRestriction.objects.create(collection=collection,
                                             restriction_type=CollectionViewRestriction.LOGIN)
    document = Document(title="Witnesses", collection=collection)
    document.file.save("witnesses.pdf", ContentFile(SECRET))
    return document


def media_paths(document):
    name = document.file.name  # documents/witnesses.pdf
    return [
        f"/media/{name}",
        f"/media//{name}",
        f"/media/images/../{name}",
        f"/media/original_images/../{name}",
        f"/media/images/%2e%2e/{name}",
        f"/media/images/..%2f{name}",
        f"/media/images/%2e%2e%2f{name}",
        f"/media/./{name}",
        f"/media/{name.upper()}",
    ]


def test_a_stranger_cannot_fetch_a_restricted_document_under_media(client, private_document):
    for path in media_paths(private_document):
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET not in body, path
        assert response.status_code in (400, 404), path


def test_the_document_view_asks_a_stranger_to_log_in_and_serves_staff(client, private_document,
                                                                      django_user_model):
    refused = client.get(private_document.url)
    assert refused.status_code == 302 and "/login" in refused["Location"]

    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))
    served = client.get(private_document.url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == SECRET
    assert "public" not in served.get("Cache-Control", "")


def test_images_are_still_served_under_media(client, db):
    image = make_image()
    rendition = image.get_rendition("fill-100x100")

    for url in (image.file.url, rendition.url):
        assert url.startswith("/media/")
        assert client.get(url).status_code == 200


def test_behind_nginx_the_view_decides_and_nginx_sends_the_file(client, private_document, settings,
                                                                django_user_model):
    from wagtail.utils.sendfile import _get_sendfile

    settings.CLARION_DOCUMENTS_ACCEL_PREFIX = "/private-media/"
    settings.SENDFILE_BACKEND = "clarion.core.sendfile"
    _get_sendfile.clear()
    try:
        assert "X-Accel-Redirect" not in client.get(private_document.url)
        client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))
        served = client.get(private_document.url)
    finally:
        _get_sendfile.clear()

    assert served.status_code == 200
    assert served["X-Accel-Redirect"] == "/private-media/" + private_document.file.name
    assert served.content == b"" and served.get("Content-Length", "0") == "0"
