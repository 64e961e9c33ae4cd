"""Bulk invalidation in two steps, preview then confirm, and its log where each batch can be undone."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clarion.petitions import actions
from clarion.petitions.admin.base import CHANGE_SIGNATURES, PetitionView
from clarion.petitions.admin.forms import InvalidationForm
from clarion.petitions.models import Invalidation, SignatureState
from clarion.petitions.reports import CRITERIA, TooBroad, signatures_matching

SAMPLE_SIZE = 20


class InvalidateView(PetitionView):
    permission = CHANGE_SIGNATURES
    page_title = _("Invalidate signatures")
    template_name = "petitions/admin/invalidate.html"

    def get(self, request, *args, **kwargs):
        # Links from the trending report arrive with criteria filled in: show their preview at once.
        if any(request.GET.get(key) for key in CRITERIA):
            return self.handle(InvalidationForm(request.GET), confirm=False)
        return self.render_to_response(self.get_context_data(form=InvalidationForm()))

    def post(self, request, *args, **kwargs):
        return self.handle(InvalidationForm(request.POST), confirm="confirm" in request.POST)

    def handle(self, form, *, confirm):
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            matching = signatures_matching(self.petition, form.criteria)
            to_change = matching.exclude(state=SignatureState.INVALIDATED)
            count = to_change.count()
        except TooBroad as error:
            form.add_error(None, _("That matches %(n)d different addresses or domains, more than can be handled "
                                   "at once; narrow it down.") % {"n": error.args[0]})
            return self.render_to_response(self.get_context_data(form=form))
        if confirm and count:
            batch = actions.invalidate_signatures(self.petition, to_change, criteria=form.criteria,
                                                  reason=form.cleaned_data["reason"], acting_user=self.request.user)
            messages.success(self.request, ngettext(
                "%(n)d signature invalidated. It no longer counts once the next count has run.",
                "%(n)d signatures invalidated. They no longer count once the next count has run.",
                batch.signature_count) % {"n": batch.signature_count})
            return redirect("petitions_admin:invalidations", petition_id=self.petition.pk)
        if confirm:
            messages.warning(self.request, _("No signatures match any more, so nothing was invalidated."))
        return self.render_to_response(self.get_context_data(
            form=form, preview=True, count=count,
            already=matching.filter(state=SignatureState.INVALIDATED).count(),
            by_state=_by_state(to_change),
            sample=to_change.order_by("-created_at")[:SAMPLE_SIZE],
        ))


def _by_state(rows):
    labels = dict(SignatureState.choices)
    counts = rows.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    return [(labels.get(state, state), n) for state, n in sorted(counts)]


class InvalidationLogView(PetitionView):
    page_title = _("Invalidations")
    template_name = "petitions/admin/invalidations.html"

    def get_context_data(self, **kwargs):
        batches = Invalidation.objects.filter(petition=self.petition).select_related("created_by")
        return super().get_context_data(
            batches=batches, can_undo=self.request.user.has_perm(CHANGE_SIGNATURES), **kwargs)


class UndoInvalidationView(PetitionView):
    permission = CHANGE_SIGNATURES
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        batch = get_object_or_404(Invalidation, petition=self.petition, pk=kwargs["pk"])
        if batch.undone_at:
            messages.info(request, _("That invalidation had already been undone."))
        else:
            restored = actions.undo_invalidation(batch, acting_user=request.user)
            messages.success(request, ngettext(
                "%(n)d signature restored to its previous state.",
                "%(n)d signatures restored to their previous states.", restored) % {"n": restored})
        return redirect("petitions_admin:invalidations", petition_id=self.petition.pk)
