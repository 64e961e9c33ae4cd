"""The invitation form: up to N friends (name optional, one address each) and a plain-text note."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clarion.spread import conf
from clarion.spread.linklike import find_link, normalise

# What could split one header into two, or one address into several: refused outright.
_HEADER_BREAKERS = re.compile(r"[\r\n,;\x00-\x1f\x7f<>]")
INJECTION = _("Names and addresses can’t contain line breaks, commas, semicolons or angle brackets. "
              "Give one address per field.")
NOTE_LINK = _("A note can’t contain a web or e-mail address, or anything that looks like one (“%(found)s”). "
              "The petition link is added for you.")
NAME_LINK = _("“%(found)s” looks like a web address. Give just your friend’s first name.")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
VISIBLE_ROWS = 3


def tidy(text):
    """Plain text as stored and mailed: normalised (NFKC), control characters gone, spacing tidied."""
    text = _CONTROL.sub(" ", normalise(text).replace("\r\n", "\n"))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class InviteForm(forms.Form):
    note = forms.CharField(label=_("A personal note (optional)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Plain text, without web addresses. The petition link is added for you."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_rows = conf.get("CLARION_INVITE_MAX_PER_REQUEST")
        self.note_max = conf.get("CLARION_INVITE_NOTE_MAX")
        self.fields["note"].max_length = self.note_max
        self.fields["note"].widget.attrs["maxlength"] = str(self.note_max)
        self.fields["note"].validators.append(MaxLengthValidator(self.note_max))
        self.injection = False
        self.too_many = False

    def _posted(self, name):
        return [value.strip() for value in self.data.getlist(name)] if self.is_bound else []

    @property
    def rows(self):
        """The friend rows to draw: what was typed, padded to the allowed number; the first few shown open."""
        names, emails = self._posted("friend_name"), self._posted("friend_email")
        count = max(self.max_rows, len(names), len(emails))
        names += [""] * (count - len(names))
        emails += [""] * (count - len(emails))
        return [{"number": n + 1, "name": names[n], "email": emails[n], "open": n < VISIBLE_ROWS}
                for n in range(min(count, self.max_rows))]

    def clean_note(self):
        note = tidy(self.cleaned_data["note"])
        found = find_link(note)
        if found:
            raise ValidationError(NOTE_LINK % {"found": found}, code="link")
        # Normalising can lengthen text (one ligature may become many letters): measure what is kept.
        MaxLengthValidator(self.note_max)(note)
        return note

    def clean(self):
        cleaned = super().clean()
        names, emails = self._posted("friend_name"), self._posted("friend_email")
        # Names are normalised before any check, so a full-width "；" or "＜" is caught as what it becomes.
        pairs = [(normalise(names[n]) if n < len(names) else "", emails[n] if n < len(emails) else "")
                 for n in range(max(len(names), len(emails)))]
        pairs = [(name, email) for name, email in pairs if name or email]
        if any(_HEADER_BREAKERS.search(name) or _HEADER_BREAKERS.search(email) or " " in email
               for name, email in pairs):
            self.injection = True
            raise ValidationError(INJECTION, code="injection")
        if len(pairs) > self.max_rows:
            self.too_many = True
            raise ValidationError(ngettext("You can invite at most %(n)d friend at a time.",
                                           "You can invite at most %(n)d friends at a time.", self.max_rows)
                                  % {"n": self.max_rows}, code="too_many")
        if not pairs:
            raise ValidationError(_("Give at least one friend’s e-mail address."), code="empty")
        cleaned["invitees"] = [self._invitee(name, email) for name, email in pairs]
        return cleaned

    def _invitee(self, name, email):
        if not email:
            raise ValidationError(_("Give an e-mail address for %(name)s.") % {"name": name}, code="no_email")
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(_("“%(email)s” is not an e-mail address.") % {"email": email},
                                  code="invalid") from None
        if len(name) > 120 or len(email) > 254:
            raise ValidationError(_("That name or address is too long."), code="too_long")
        found = find_link(name)
        if found:
            raise ValidationError(NAME_LINK % {"found": found}, code="link")
        return name, email
