from wagtail import hooks

from clarion.supporters.admin.views import SupporterViewSet

supporter_viewset = SupporterViewSet("supporters_admin")


@hooks.register("register_admin_viewset")
def register_supporters():
    return supporter_viewset
