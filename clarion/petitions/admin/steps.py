"""Recording what happened after signing (delivered, responded, outcome), one form a step, each through its action."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.documents import get_document_model
from wagtail.documents.widgets import AdminDocumentChooser
from wagtail.images import get_image_model
from wagtail.images.widgets import AdminImageChooser

from clarion.petitions import actions
from clarion.petitions.admin.base import PetitionView
from clarion.petitions.models import Outcome
from clarion.petitions.steps import steps_of

RECORD_STEPS = "petitions.record_steps"


class DeliveryForm(forms.Form):
    delivered_at = forms.DateTimeField(label=_("Delivered on"), widget=AdminDateTimeInput)
    method = forms.CharField(label=_("How"), max_length=200,
                             help_text=_("For example “in person at the ministry” or “by e-mail”."))
    recipient = forms.CharField(label=_("To whom"), max_length=200)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.ModelChoiceField(label=_("Photo"), required=False, queryset=get_image_model().objects.all(),
                                   widget=AdminImageChooser)


class ResponseForm(forms.Form):
    responded_at = forms.DateTimeField(label=_("Responded on"), widget=AdminDateTimeInput)
    text = forms.CharField(label=_("The target's response"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    document = forms.ModelChoiceField(label=_("Response document"), required=False,
                                      queryset=get_document_model().objects.all(), widget=AdminDocumentChooser)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    outcome_at = forms.DateTimeField(label=_("On"), widget=AdminDateTimeInput)


# Each step: its form, the action it calls, the form's initial values from the record, what staff are told.
STEPS = {
    "delivery": (DeliveryForm, actions.record_delivery,
                 lambda s: {"delivered_at": s.delivered_at, "method": s.delivery_method,
                            "recipient": s.delivery_recipient, "note": s.delivery_note, "photo": s.delivery_photo},
                 _("The delivery is recorded.")),
    "response": (ResponseForm, actions.record_response,
                 lambda s: {"responded_at": s.responded_at, "text": s.response_text,
                            "document": s.response_document},
                 _("The response is recorded.")),
    "outcome": (OutcomeForm, actions.record_outcome,
                lambda s: {"outcome": s.outcome, "outcome_at": s.outcome_at},
                _("The outcome is recorded.")),
}


class StepsView(PetitionView):
    permission = RECORD_STEPS
    page_title = _("Delivery and outcome")
    template_name = "petitions/admin/steps.html"

    def get_context_data(self, **kwargs):
        steps = steps_of(self.petition)
        forms_by_step = {name: form_class(initial=initial(steps), prefix=name)
                         for name, (form_class, _action, initial, _done) in STEPS.items()}
        forms_by_step.update(kwargs.pop("bound", {}))
        return super().get_context_data(steps=steps, forms=forms_by_step, **kwargs)

    def post(self, request, *args, **kwargs):
        name = request.POST.get("step", "")
        if name not in STEPS:
            return self.render_to_response(self.get_context_data(), status=400)
        form_class, action, _initial, done = STEPS[name]
        form = form_class(request.POST, prefix=name)
        if form.is_valid():
            try:
                action(self.petition, **form.cleaned_data, acting_user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, done)
                return redirect("petitions_admin:steps", petition_id=self.petition.pk)
        return self.render_to_response(self.get_context_data(bound={name: form}), status=400)
