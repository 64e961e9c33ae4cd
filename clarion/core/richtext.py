"""Wagtail's rich text editor, named by its field's label for screen readers."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.admin.rich_text import DraftailRichTextArea


class LabelledDraftailRichTextArea(DraftailRichTextArea):
    """Draftail's editable box gets no accessible name from Wagtail (axe: aria-input-field-name); the admin labels
    every field `<id>-label`, so the box is labelled by that."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        field_id = context["widget"]["attrs"].get("id")
        if field_id:
            options = {**self.options, "ariaLabelledBy": f"{field_id}-label"}
            context["widget"]["attrs"]["data-w-init-detail-value"] = json.dumps(options, cls=DjangoJSONEncoder)
        return context
