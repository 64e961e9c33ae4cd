from wagtail.permission_policies.base import ModelPermissionPolicy


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Records of what happened (sent mail, signatures): staff may look, nobody edits or adds by hand."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)
