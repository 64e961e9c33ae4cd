"""Records of what happened (sent mail, signatures): staff may list and inspect them; nobody adds, edits or
deletes one by hand, because every change goes through an action that keeps a record of it."""

from django.urls import path
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy


class ReadOnlyPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


class ReadOnlyViewSet(ModelViewSet):
    """A listing with filters and search, and an inspect page per record: no other page exists."""

    inspect_view_enabled = True

    def on_register(self):
        # Before Wagtail's own registration, which would otherwise settle on a policy that allows editing.
        if policy_registry.get_by_type(self.model, fallback=False) is None:
            register_permission_policy(self.model, ReadOnlyPolicy(self.model))
        super().on_register()

    def get_common_view_kwargs(self, **kwargs):
        # No add, edit, delete, history, usage or copy page exists, so no view may link to one.
        return super().get_common_view_kwargs(**kwargs) | {
            "add_url_name": None, "edit_url_name": None, "delete_url_name": None, "history_url_name": None,
            "usage_url_name": None, "copy_url_name": None,
        }

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{self.pk_path_converter}:pk>/", self.inspect_view, name="inspect"),
        ]

    @property
    def url_finder_class(self):
        # Wagtail's links to "the admin page of this record" (search, references) lead to its inspect page.
        return type(f"{self.model.__name__}URLFinder", (ModelAdminURLFinder,),
                    {"edit_url_name": self.get_url_name("inspect")})
