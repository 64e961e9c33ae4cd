"""The one door for writing modules (used by demo data, tests and, later, imports)."""

from django.db import transaction
from wagtail.models.orderable import set_max_order

from clarion.layout.models import Assignment, Module, ModulePage


@transaction.atomic
def publish_module(*, title, position, body, assignment=Assignment.ALL, pages=(), show_title=True,
                   go_live_at=None, expire_at=None, acting_user=None):
    """Create a module, assign it to `pages` ([(page, include_subpages)]) and publish it; the revision and its
    publishing are logged in the module's history as done by `acting_user` (None: the demo or an import)."""
    module = Module(title=title, position=position, body=body, assignment=assignment, show_title=show_title,
                    go_live_at=go_live_at, expire_at=expire_at)
    module.page_assignments = [ModulePage(page=page, include_subpages=subpages) for page, subpages in pages]
    module.save()
    # Last in the editor's order, as the admin's own "add" does; drag-to-order needs a number here.
    set_max_order(module, "sort_order")
    revision = module.save_revision(user=acting_user)
    revision.publish(user=acting_user)
    module.refresh_from_db()
    return module
