"""The places in the page template where modules can be shown: declared here and nowhere else."""

from django.utils.translation import gettext_lazy as _

POSITIONS = [
    ("header", _("Header")),
    ("navigation", _("Navigation bar")),
    ("top", _("Above the content")),
    ("sidebar", _("Sidebar")),
    ("bottom", _("Below the content")),
    ("footer", _("Footer")),
    ("offcanvas", _("Off-canvas panel (menu on small screens)")),
]
POSITION_NAMES = [name for name, _label in POSITIONS]
