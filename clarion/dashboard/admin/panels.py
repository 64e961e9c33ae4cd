"""The campaigner's morning screen: a panel on the Wagtail admin home, for staff who may see petition figures."""

from django.forms import Media
from django.utils import timezone
from wagtail.admin.ui.components import Component

from clarion.alerts.admin.views import VIEW_MAILINGS
from clarion.alerts.progress import mailings_in_progress
from clarion.dashboard.figures import morning_figures
from clarion.petitions.admin.base import VIEW_SIGNATURES


def may_see_figures(user):
    """Figures come from signatures: the same right as the petitions overview and the spreading report."""
    return user.has_perm(VIEW_SIGNATURES)


class MorningScreenPanel(Component):
    name = "morning_screen"
    template_name = "dashboard/morning_screen.html"
    order = 50

    def __init__(self, user):
        self.user = user

    @property
    def media(self):
        return Media(css={"all": ["dashboard/dashboard.css"]})

    def get_context_data(self, parent_context):
        now = timezone.now()
        petitions = morning_figures(now)
        return {
            "petitions": [(figures, figures.hourly_chart(), figures.daily_chart()) for figures in petitions],
            "mailings": mailings_in_progress() if self.user.has_perm(VIEW_MAILINGS) else None,
            "now": now,
        }
