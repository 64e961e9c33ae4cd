from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from clarion.core import memo
from clarion.core.names import check_name
from clarion.petitions.models import PostalCodeMode
from clarion.petitions.typos import COMMON_DOMAINS, suggest_address


@memo.lru(maxsize=64)
def country_choices(language):
    """The country list in one language, built once: rebuilding it cost every signature about 4 ms."""
    with translation.override(language):
        return (("", str(_("Choose your country"))), *((code, str(name)) for code, name in countries))


@memo.lru(maxsize=1)
def country_codes():
    return frozenset(code for code, _name in countries)


# Only where a page's language points to one country; Arabic, English, French and Spanish are spoken in too
# many for a preselection to help more than it misleads.
COUNTRY_OF_LANGUAGE = {"fa": "IR"}


def default_country(language):
    """The country preselected for a page in `language`: its region when it names one (en-GB), else the map."""
    base, _dash, region = (language or "").lower().replace("_", "-").partition("-")
    if region.upper() in country_codes():
        return region.upper()
    return COUNTRY_OF_LANGUAGE.get(base, "")


@memo.lru(maxsize=64)
def _option_tags(choices):
    return [(value, format_html('<option value="{}"', value), format_html(">{}</option>", label))
            for value, label in choices]


class CountrySelect(forms.Select):
    """The ~250 options written as one string: rendering each through the widget templates cost about
    15 ms a form, which every refused post paid (and every uncached page)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = str(value) if value not in (None, "") else ""
        options = "".join(start + (" selected" if code == chosen else "") + end
                          for code, start, end in _option_tags(tuple(self.choices)))
        attributes = flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name}))
        return mark_safe(f"<select{attributes}>{options}</select>")  # every part was escaped above


class CountryChoiceField(forms.ChoiceField):
    """A choice of country whose ~250 choices are shared, never copied or re-normalised per form."""

    widget = CountrySelect

    def __deepcopy__(self, memo):
        # Skip ChoiceField's deep copy of the choices: they are an immutable tuple, safe to share.
        return forms.Field.__deepcopy__(self, memo)

    def use_language(self, language):
        # Already normalised (value, label) pairs, so the choices setter's normalising copy is skipped too.
        self._choices = self.widget._choices = country_choices(language)

    def valid_value(self, value):
        return value in country_codes()


class SignatureForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    country = CountryChoiceField(label=_("Country"), widget=CountrySelect(attrs={"autocomplete": "country"}))
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False,
                                  widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    comment = forms.CharField(label=_("Why I’m signing (optional)"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    opt_in = forms.BooleanField(required=False)
    show_name = forms.BooleanField(label=_("Show my first name and country on this page"), required=False)
    # Honeypot: hidden from people, irresistible to form-filling robots.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)
        self.petition = petition
        language = translation.get_language() or "en"
        self.fields["country"].use_language(language)
        self.fields["country"].initial = default_country(language)
        # Wordings from the page shown (a translation's own), what the form asks from the counting petition.
        settings_of = petition.counting_petition
        self.fields["opt_in"].label = petition.consent_text
        if settings_of.ask_name_to_target:
            self.fields["name_to_target"] = forms.BooleanField(required=False, label=petition.name_to_target_text)
            self.order_fields([name for name in self.fields if name != "website"] + ["website"])
        if settings_of.postal_code == PostalCodeMode.OFF:
            del self.fields["postal_code"]
        elif settings_of.postal_code == PostalCodeMode.REQUIRED:
            self.fields["postal_code"].required = True
        if not settings_of.ask_comment:
            del self.fields["comment"]
        self._offer_correction()

    def _offer_correction(self):
        """Give the script what it needs to suggest on the spot, and, for an address whose domain looks
        mistyped, a box to tick when it is right after all (it is the signer's address, not ours to refuse)."""
        self.fields["email"].widget.attrs.update({
            "data-suggest-domains": " ".join(COMMON_DOMAINS),
            "data-suggest-text": _("Did you mean %(address)s?"),
        })
        given = self.data.get("email", "") if self.is_bound else ""
        self.suggestion = suggest_address(given) if isinstance(given, str) else ""
        if not self.suggestion:
            return
        self.fields["keep_email"] = forms.BooleanField(
            required=False, label=_("Yes, %(address)s is my address") % {"address": given.strip()})
        names = [name for name in self.fields if name != "keep_email"]
        names.insert(names.index("email") + 1, "keep_email")
        self.order_fields(names)

    @property
    def elapsed_before(self):
        """The fill time measured before this form was sent back, so the time spent on the first try counts
        too: a signer who only ticks a box and resends is not taken for a machine."""
        value = self.data.get("elapsed", "") if self.is_bound else ""
        return value if isinstance(value, str) and value.isdigit() and len(value) < 10 else ""

    def clean(self):
        cleaned = super().clean()
        if self.suggestion and "email" in cleaned and not cleaned.get("keep_email"):
            self.add_error("email", ValidationError(
                _("Did you mean %(address)s? Correct your address, or tick the box below if it is right."),
                code="typo", params={"address": self.suggestion}))
        return cleaned

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        check_name(name)
        if not name:
            raise ValidationError(_("Please give your name."))
        return name

    def clean_email(self):
        email = self.cleaned_data["email"]
        if any(ch in email for ch in "\r\n,;"):
            raise ValidationError(_("Please give one e-mail address."))
        return email

    def clean_postal_code(self):
        return " ".join(self.cleaned_data.get("postal_code", "").split()).upper()
