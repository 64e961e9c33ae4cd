from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clarion.core import languages
from clarion.core.names import check_name
from clarion.supporters.models import ConsentNotice
from clarion.supporters.tokens import read_notice_token


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    # Which notice the visitor saw, signed (tokens.notice_token), so the confirmation records that exact wording.
    notice = forms.CharField(widget=forms.HiddenInput, max_length=8000)
    language = forms.CharField(widget=forms.HiddenInput, max_length=10, required=False)
    # Honeypot: hidden from people, irresistible to form-filling robots.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if any(ch in email for ch in "\r\n,;"):
            raise ValidationError(_("Please give one e-mail address."))
        return email

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        check_name(name)
        return name

    def clean_notice(self):
        """The wording the visitor saw; a stored version's digest (forms rendered before the words were signed)
        names it too."""
        try:
            return read_notice_token(self.cleaned_data["notice"])
        except signing.BadSignature:
            notice = ConsentNotice.objects.filter(digest=self.cleaned_data["notice"]).first()
        if notice is None:
            raise ValidationError(_("This form is out of date. Please reload the page and try again."))
        return notice.text

    def clean_language(self):
        language = self.cleaned_data["language"]
        return language if language in dict(settings.LANGUAGES) else ""



def _language_choices():
    return [(code, languages.native_name(code)) for code in languages.codes()]


class LanguageForm(forms.Form):
    """The language a supporter reads our e-mails in: only the site's languages, each in its own name."""

    language = forms.ChoiceField(label=_("The language of our e-mails to you"), choices=_language_choices)
