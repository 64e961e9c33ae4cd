"""An editor using a screen reader hears which field a rich text box is: the petition's background, say."""

import html
import json
import re

from django.urls import reverse


def test_the_rich_text_box_is_labelled_by_its_fields_label(staff, petition):
    page = staff.get(reverse("wagtailadmin_pages:edit", args=[petition.pk])).content.decode()

    options = re.search(r'<input[^>]*id="id_background"[^>]*>', page)[0]
    detail = json.loads(html.unescape(re.search(r'data-w-init-detail-value="([^"]*)"', options)[1]))
    assert detail["ariaLabelledBy"] == "id_background-label"
    assert re.search(r'<label[^>]*id="id_background-label"[^>]*>\s*<span[^>]*>Background', page)
    assert "bold" in json.dumps(detail)  # the configured features are still there
