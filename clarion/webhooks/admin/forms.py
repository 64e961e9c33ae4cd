from django import forms
from django.utils.translation import gettext_lazy as _

from clarion.webhooks.models import EventType

CHOOSABLE = [(value, label) for value, label in EventType.choices if value != EventType.TEST]


class EndpointForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https",
                         help_text=_("Where events are POSTed, e.g. https://crm.example.org/hooks/clarion"))
    events = forms.MultipleChoiceField(label=_("Events"), choices=CHOOSABLE, widget=forms.CheckboxSelectMultiple)
    may_receive_personal = forms.BooleanField(
        label=_("May receive personal data"), required=False,
        help_text=_("Send signers' names, e-mail addresses and countries, and supporters' opt-ins, opt-outs and "
                    "erasures. Only for a system you control, with its own privacy terms."))
