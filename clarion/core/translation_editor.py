"""wagtail-localize's translation editor under Clarion's settings.

Its two write views are Django REST framework views that read the editor's form posts (request.POST), while
Clarion's REST_FRAMEWORK parses JSON alone (the public API): give those two views the form parsers back, or
every translated string is refused with a 415.
"""


def accept_form_posts_in_translation_editor():
    from rest_framework.parsers import FormParser, MultiPartParser
    from wagtail_localize.views import edit_translation

    for view in (edit_translation.edit_string_translation, edit_translation.edit_override):
        view.cls.parser_classes = [FormParser, MultiPartParser]
