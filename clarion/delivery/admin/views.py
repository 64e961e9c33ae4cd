"""The delivery page of one petition: paper signatures, building the pack, its progress, download and sending."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clarion.core import languages
from clarion.core.adminviews import StaffView, forbidden
from clarion.delivery import actions, figures
from clarion.delivery.admin.forms import PackForm, PaperRowForm, PaperTallyForm, SendForm
from clarion.delivery.files import pack_file
from clarion.delivery.models import DeliveryPack, PackStatus, PaperSignature
from clarion.delivery.permissions import ADD_PAPER, BUILD_PACKS, DOWNLOAD_PACKS, VIEW_PACKS
from clarion.delivery.sending import send_pack
from clarion.petitions.admin.steps import RECORD_STEPS
from clarion.petitions.models import PetitionPage


def pack_progress(pack):
    return {"status": pack.status, "status_label": str(pack.get_status_display()), "stage": pack.stage,
            "done": pack.done, "total": pack.total, "percent": pack.percent,
            "finished": pack.status in (PackStatus.READY, PackStatus.FAILED), "error": pack.error}


def default_letter(petition):
    previous = DeliveryPack.objects.filter(petition=petition).exclude(cover_letter="").first()
    if previous:
        return previous.cover_letter
    return render_to_string("delivery/default_letter.txt", {"petition": petition}).strip()


class DeliveryView(StaffView):
    permission = VIEW_PACKS
    page_title = gettext_lazy("Delivery pack")
    header_icon = "mail"
    template_name = "delivery/admin/delivery.html"

    @cached_property
    def petition(self):
        return get_object_or_404(PetitionPage, pk=self.kwargs["petition_id"])

    def get_page_subtitle(self):
        return self.petition.title

    def forms(self, data=None, which=None):
        bound = lambda name: data if which == name else None  # noqa: E731
        return {
            "row_form": PaperRowForm(bound("row"), prefix="row"),
            "tally_form": PaperTallyForm(bound("tally"), prefix="tally"),
            "pack_form": PackForm(bound("pack"), prefix="pack",
                                  initial={"cover_letter": default_letter(self.petition)}),
            "send_form": SendForm(bound("send"), prefix="send", initial={"to": self.petition.target_email}),
        }

    def get_context_data(self, **kwargs):
        user, petition = self.request.user, self.petition
        packs = list(DeliveryPack.objects.filter(petition=petition)[:10])
        context = {
            "petition": petition, "verified": figures.verified(petition).count(),
            "sheet_languages": sheet_languages(petition),
            "paper": figures.paper_total(petition),
            "paper_entries": PaperSignature.objects.filter(petition=petition)[:50], "packs": packs,
            "can_add_paper": user.has_perm(ADD_PAPER), "can_build": user.has_perm(BUILD_PACKS),
            "can_download": user.has_perm(DOWNLOAD_PACKS),
            "progress": [(pack, pack_progress(pack)) for pack in packs],
            "next_steps": self.next_steps(packs),
            "retryable": set(DeliveryPack.objects.filter(actions.retryable(), petition=petition)
                             .values_list("pk", flat=True)),
            **self.forms(),
        }
        return super().get_context_data(**(context | kwargs))

    def next_steps(self, packs):
        """Once a pack went out: where the editor goes next, each offered only to those who may."""
        if not any(pack.sent_at for pack in packs):
            return []
        user, steps = self.request.user, []
        if user.has_perm(RECORD_STEPS):
            steps.append((_("Record the response and the outcome"),
                          reverse("petitions_admin:steps", args=[self.petition.pk])))
        if user.has_perm("alerts.add_mailing"):
            steps.append((_("Send an update to signers"),
                          f"{reverse('alerts_mailings:add')}?update_for={self.petition.pk}"))
        return steps

    def post(self, request, *args, **kwargs):
        which = request.POST.get("form", "")
        handler = {"row": self.add_row, "tally": self.add_tally, "pack": self.build, "send": self.send}.get(which)
        if handler is None:
            return HttpResponseBadRequest(_("Unknown form."), content_type="text/plain; charset=utf-8")
        forms = self.forms(request.POST, which)
        form = forms[f"{which}_form"]
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(**forms), status=400)
        return handler(form.cleaned_data)

    def _back(self):
        return redirect("delivery_admin:petition", petition_id=self.petition.pk)

    def add_row(self, data):
        if not self.request.user.has_perm(ADD_PAPER):
            return forbidden(self.request)
        actions.add_paper_signatures(self.petition, count=1, name=data["name"], place=data["place"],
                                     acting_user=self.request.user)
        messages.success(self.request, _("Paper signature added."))
        return self._back()

    def add_tally(self, data):
        if not self.request.user.has_perm(ADD_PAPER):
            return forbidden(self.request)
        actions.add_paper_signatures(self.petition, count=data["count"], note=data["note"],
                                     acting_user=self.request.user)
        messages.success(self.request, _("Paper signatures added."))
        return self._back()

    def build(self, data):
        if not self.request.user.has_perm(BUILD_PACKS):
            return forbidden(self.request)
        actions.request_pack(self.petition, cover_letter=data["cover_letter"], acting_user=self.request.user)
        messages.success(self.request, _("The pack is being built; this page shows its progress."))
        return self._back()

    def send(self, data):
        if not self.request.user.has_perm(DOWNLOAD_PACKS):
            return forbidden(self.request)
        chosen = self.request.POST.get("pack", "")
        pack = DeliveryPack.objects.filter(petition=self.petition, pk=chosen).first() if chosen.isdigit() else None
        if pack is None or pack.status != PackStatus.READY:
            return HttpResponseBadRequest(_("Choose a pack that is ready."), content_type="text/plain; charset=utf-8")
        try:
            send_pack(pack, to=data["to"], acting_user=self.request.user)
        except ValidationError as refusal:  # the petition's lifecycle says no (it still takes signatures, say)
            messages.error(self.request, " ".join(refusal.messages))
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(self.request, _("The pack is on its way to %(to)s.") % {"to": data["to"]})
        return self._back()


def _pack_for(request, pk, permission):
    if not request.user.has_perm(permission):
        return None
    return get_object_or_404(DeliveryPack.objects.select_related("petition"), pk=pk)


def progress_json(request, pk):
    pack = _pack_for(request, pk, VIEW_PACKS)
    return forbidden(request) if pack is None else JsonResponse(pack_progress(pack))


def download(request, pk, filename):
    pack = _pack_for(request, pk, DOWNLOAD_PACKS)
    if pack is None:
        return forbidden(request)
    response = pack_file(pack, filename)
    actions.record_download(pack, filename, acting_user=request.user)
    return response


@require_POST
def retry(request, pk):
    pack = _pack_for(request, pk, BUILD_PACKS)
    if pack is None:
        return forbidden(request)
    if not actions.retry_pack(pack, acting_user=request.user):
        return HttpResponseBadRequest(_("Only a failed or stalled pack can be built again."),
                                      content_type="text/plain; charset=utf-8")
    messages.success(request, _("The pack is being built again."))
    return redirect(reverse("delivery_admin:petition", args=[pack.petition_id]))


def sheet_languages(petition):
    """[(language, its name)] of the petition's pages (the original and its translations) in the site's languages:
    a sheet can be printed in each."""
    pages = PetitionPage.objects.filter(translation_key=petition.translation_key).select_related("locale")
    found = {languages.spoken(page.locale.language_code) for page in pages} - {None}
    return [(code, languages.native_name(code)) for code in languages.codes() if code in found]


def signing_sheet(request, petition_id):
    """A sheet to sign on paper, in the petition's language or (?language=fa) in a translation's: its words, the
    interface's words and the direction of that language; a language the petition is not written in is a 404."""
    if not request.user.has_perm(VIEW_PACKS):
        return forbidden(request)
    petition = get_object_or_404(PetitionPage, pk=petition_id)
    code = request.GET.get("language") or languages.choose(petition.language)
    if code not in languages.codes():
        raise Http404("The site does not speak this language.")
    page = get_object_or_404(PetitionPage.objects.filter(translation_key=petition.translation_key,
                                                         locale__language_code=code))
    return languages.answered_in(code, lambda: TemplateResponse(request, "delivery/signing_sheet.html",
                                                                {"petition": page, "rows": range(20)}))
