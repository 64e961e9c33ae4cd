"""Forms for the petition admin: what staff type to find signatures, checked before any query runs."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateTimeInput

from clarion.petitions.matching import parse_network
from clarion.petitions.reports import CRITERIA

DOMAIN_PATTERN = re.compile(r"^[a-z0-9*?.\-]+$")


class NetworkField(forms.CharField):
    """An IP address or CIDR range, cleaned to its normal form ("203.0.113.0/24")."""

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return value
        try:
            network = parse_network(value)
        except ValueError:
            raise forms.ValidationError(
                _("“%(value)s” is not an IP address or a range such as 203.0.113.0/24."),
                code="invalid", params={"value": value},
            ) from None
        return str(network.network_address) if network.num_addresses == 1 else str(network)


class DomainPatternField(forms.CharField):
    """An e-mail domain, where * and ? are wildcards: "*.example.org"."""

    def to_python(self, value):
        value = super().to_python(value).strip().lower().lstrip("@")
        if value and not DOMAIN_PATTERN.match(value):
            raise forms.ValidationError(
                _("Give a domain such as example.org, or a pattern such as *.example.org."), code="invalid")
        return value


class InvalidationForm(forms.Form):
    network = NetworkField(label=_("IP address or range"), required=False,
                           help_text=_("For example 203.0.113.7, or 203.0.113.0/24 for a whole range."))
    domain = DomainPatternField(label=_("E-mail domain"), required=False,
                                help_text=_("Wildcards allowed: *.example.org matches every subdomain of "
                                            "example.org (add example.org itself separately)."))
    email = forms.EmailField(label=_("E-mail address"), required=False,
                             help_text=_("Found however it was spelled, e.g. with dots or a +tag at Gmail."))
    since = forms.DateTimeField(label=_("Signed from"), required=False, widget=AdminDateTimeInput)
    until = forms.DateTimeField(label=_("Signed until"), required=False, widget=AdminDateTimeInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300,
                             help_text=_("Kept in the log, so colleagues know why."))

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if not any(cleaned.get(key) for key in CRITERIA):
            raise forms.ValidationError(
                _("Give at least one of: an IP address or range, an e-mail domain, an e-mail address, "
                  "or a time range."), code="no_criteria")
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the time range must come after its start."))
        return cleaned

    @property
    def criteria(self):
        """The cleaned criteria as JSON-safe strings: what signatures_matching takes and the log keeps."""
        criteria = {}
        for key in CRITERIA:
            value = self.cleaned_data.get(key)
            if value:
                criteria[key] = value.isoformat() if hasattr(value, "isoformat") else value
        return criteria


class TrendingForm(forms.Form):
    DEFAULT_MINUTES = 60

    minutes = forms.IntegerField(label=_("Window (minutes)"), min_value=5, max_value=1440)
