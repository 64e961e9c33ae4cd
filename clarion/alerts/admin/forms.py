from django import forms
from django.utils.translation import gettext_lazy as _

from clarion.alerts.models import Segment

SEGMENT_FIELDS = ["name", "countries", "signed_petition", "not_signed_petition", "joined_after", "joined_before",
                  "language", "tag"]


class SegmentConditionsForm(forms.ModelForm):
    """The segment form's conditions without the name, to count an unsaved segment while it is edited."""

    class Meta:
        model = Segment
        fields = SEGMENT_FIELDS[1:]


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(label=_("Send at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                  input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"])
    # The number of recipients the organiser saw on the confirmation page; absent, the page is shown first.
    recipients = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)


class PreviewForm(forms.Form):
    email = forms.EmailField(label=_("Preview as the supporter with e-mail"), required=False)


class ConfirmSendForm(forms.Form):
    """The number of recipients the organiser saw when confirming "Send now"."""

    recipients = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
