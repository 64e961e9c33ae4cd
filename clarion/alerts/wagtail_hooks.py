from wagtail import hooks

from clarion.alerts.admin.viewsets import AlertsGroup


@hooks.register("register_admin_viewset")
def register_alerts():
    return AlertsGroup()
