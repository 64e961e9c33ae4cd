from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_TALLY = 10_000_000


class PaperRowForm(forms.Form):
    """One person who signed on paper."""

    name = forms.CharField(label=_("Name"), max_length=120)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)


class PaperTallyForm(forms.Form):
    """A counted stack of paper signatures."""

    count = forms.IntegerField(label=_("Number of signatures"), min_value=1, max_value=MAX_TALLY)
    note = forms.CharField(label=_("Note"), max_length=300,
                           help_text=_("Where and when they were collected, and who counted them."))


class PackForm(forms.Form):
    cover_letter = forms.CharField(label=_("Cover letter to the target"), max_length=20_000,
                                   widget=forms.Textarea(attrs={"rows": 10}))


class SendForm(forms.Form):
    to = forms.EmailField(label=_("Target's e-mail address"))

    def clean_to(self):
        value = self.cleaned_data["to"]
        if "\n" in value or "\r" in value:
            raise ValidationError(_("Enter one e-mail address."))
        return value
