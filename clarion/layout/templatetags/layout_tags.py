from django import template
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.models import Page, Site

from clarion.core import translations
from clarion.layout.positions import POSITION_NAMES
from clarion.layout.selection import modules_by_position

register = template.Library()


def _request_cache(context, key, compute):
    """Compute once per request what several tags in one page need (positions, the menu)."""
    request = context.get("request")
    store = getattr(request, "_clarion_layout", None) if request is not None else None
    if store is None:
        store = {}
        if request is not None:
            request._clarion_layout = store
    if key not in store:
        store[key] = compute()
    return store[key]


def _positions(context):
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    previewed = context.get("previewed_module")

    def compute():
        positions = modules_by_position(page)
        if previewed is not None:
            # The module being previewed (or its translation) shows in its position, in place of its published copy.
            for modules in positions.values():
                modules[:] = [m for m in modules if m.translation_key != previewed.translation_key]
            positions[previewed.position].insert(0, previewed)
        return positions

    return _request_cache(context, ("positions", page.pk if page else None), compute)


@register.simple_tag(takes_context=True)
def position(context, name):
    """Render the modules in a position; an empty position renders nothing (a hint when previewing)."""
    if name not in POSITION_NAMES:
        raise template.TemplateSyntaxError(f"Unknown module position: {name}")
    modules = _positions(context).get(name, [])
    request = context.get("request")
    previewing = bool(getattr(request, "is_preview", False))
    if not modules and not previewing:
        return ""
    return render_to_string(
        "tags/position.html",
        {"name": name, "modules": modules, "previewing": previewing, "request": request,
         "page": context.get("page")},
    )


@register.simple_tag(takes_context=True)
def position_has_modules(context, name):
    return bool(_positions(context).get(name))


def _menu_items(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []
    # The menu of the page's language: the children of the site's home page in it (or of the default one).
    root = translations.home_pages(request).get(translation.get_language()) or site.root_page
    return list(root.get_children().live().public().in_menu())


@register.simple_tag(takes_context=True)
def main_menu_items(context):
    """Top-level pages marked "show in menus", each with whether the current page is it or inside it."""
    items = _request_cache(context, "menu", lambda: _menu_items(context))
    current = context.get("page")
    request = context.get("request")
    result = []
    for item in items:
        state = None
        if isinstance(current, Page):
            if current.pk == item.pk:
                state = "page"
            elif current.path.startswith(item.path):
                state = "true"
        result.append({"title": item.title, "url": item.get_url(request), "current": state})
    return result


@register.simple_tag(takes_context=True)
def unique_id(context, prefix):
    """A DOM id unique within this page, the same on every render (so the HTML stays cacheable)."""
    counter = _request_cache(context, "ids", dict)
    counter[prefix] = counter.get(prefix, 0) + 1
    return f"{prefix}-{counter[prefix]}"
