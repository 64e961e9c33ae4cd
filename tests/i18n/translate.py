"""Translations of test pages, published, as an editor's translate-and-publish leaves them."""

from wagtail.models import Locale


def translate(page, code, **fields):
    """`page` copied into language `code` (its parents too, when they are not yet) with `fields` set, published."""
    locale = Locale.objects.get(language_code=code)
    copy = page.specific.copy_for_translation(locale, copy_parents=True)
    for ancestor in copy.get_ancestors().filter(depth__gt=1).specific():
        if not ancestor.live:
            ancestor.save_revision().publish()
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy
