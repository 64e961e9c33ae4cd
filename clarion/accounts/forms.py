from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """A code from the authenticator app (six digits) or a backup code; spaces and dashes are ignored."""

    code = forms.CharField(
        label=_("Code"), max_length=32,
        help_text=_("The six-digit code your authenticator app shows now, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none",
                                      "spellcheck": "false", "autofocus": True}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).replace("-", "").lower()


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254, widget=forms.EmailInput(
        attrs={"autocomplete": "email", "autofocus": True}),
        help_text=_("Test mailings and admin notifications are sent here."))
