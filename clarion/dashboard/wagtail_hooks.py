from wagtail import hooks

from clarion.dashboard.admin.panels import MorningScreenPanel, may_see_figures


@hooks.register("construct_homepage_panels")
def add_morning_screen(request, panels):
    if may_see_figures(request.user):
        panels.append(MorningScreenPanel(request.user))
