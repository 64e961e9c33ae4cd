"""Signatures held for review: the list with each one's reason, and Release or Reject, one or many at once."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from clarion.core.ids import parse_id
from clarion.petitions import actions
from clarion.petitions.admin.base import CHANGE_SIGNATURES, OptionalPetitionView, StaffView
from clarion.petitions.models import PetitionPage, Signature
from clarion.petitions.review import REASONS, held_signatures, reason_label, reason_summary

PER_PAGE = 100
DECISIONS = {"release": actions.release_signatures, "reject": actions.reject_signatures}


def held_matching(petition, reason):
    """The held signatures a listing shows: on one petition or all, for one reason or every one."""
    held = held_signatures()
    if reason in REASONS:
        held = held.filter(fraud_reason=reason)
    return held.filter(petition=petition) if petition else held


class HeldView(OptionalPetitionView):
    page_title = gettext_lazy("Held for review")
    template_name = "petitions/admin/held.html"

    def get_context_data(self, **kwargs):
        reason = self.request.GET.get("reason", "")
        held = held_matching(self.petition, reason).select_related("petition").order_by("confirmed_at", "pk")
        page = Paginator(held, PER_PAGE).get_page(self.request.GET.get("p"))
        for signature in page:
            signature.reason_label = reason_label(signature.fraud_reason)
        return super().get_context_data(
            petition=self.petition, page=page, reason=reason, summary=reason_summary(self.petition),
            # "All shown" means these: signatures held after the page was drawn wait for a look of their own.
            up_to=held.aggregate(Max("pk"))["pk__max"], petitions=PetitionPage.originals().order_by("title"),
            can_review=self.request.user.has_perm(CHANGE_SIGNATURES), **kwargs)


class ReviewView(StaffView):
    permission = CHANGE_SIGNATURES
    http_method_names = ["post"]

    def post(self, request):
        decide = DECISIONS.get(request.POST.get("decision"))
        chosen = self.all_shown() if request.POST.get("scope") == "all" else self.ticked()
        if decide is None or chosen is None:
            return HttpResponseBadRequest(_("Choose Release or Reject, for signatures listed on the page."),
                                          content_type="text/plain; charset=utf-8")
        if not chosen.exists():
            messages.warning(request, _("Tick the signatures to release or reject first."))
            return redirect(self.next_url())
        review = decide(chosen, acting_user=request.user)
        self.report(review, request.POST["decision"])
        return redirect(self.next_url())

    def ticked(self):
        ids = [parse_id(value) for value in self.request.POST.getlist("signatures")]
        return None if None in ids else Signature.objects.filter(pk__in=ids)

    def all_shown(self):
        """Every signature the listing showed (its filter, up to the last one held when it was drawn)."""
        petition_id, up_to = (self.request.POST.get(name, "") for name in ("petition", "up_to"))
        if (petition_id and parse_id(petition_id) is None) or parse_id(up_to) is None:
            return None
        petition = PetitionPage.objects.filter(pk=parse_id(petition_id)).first() if petition_id else None
        if petition_id and petition is None:
            return None
        return held_matching(petition, self.request.POST.get("reason", "")).filter(pk__lte=parse_id(up_to))

    def report(self, review, decision):
        if decision == "release":
            done = ngettext("%(n)d signature released: it counts from the next counting round.",
                            "%(n)d signatures released: they count from the next counting round.", review.done)
            already = ngettext("%(n)d was released already.", "%(n)d were released already.", review.already)
            refused = ngettext("%(n)d was not held and was left as it is.",
                               "%(n)d were not held and were left as they are.", review.refused)
        else:
            done = ngettext("%(n)d signature rejected: it will not count.",
                            "%(n)d signatures rejected: they will not count.", review.done)
            already = ngettext("%(n)d was rejected already.", "%(n)d were rejected already.", review.already)
            refused = ngettext(
                "%(n)d was not held and was left as it is (to take a counted signature out, invalidate it).",
                "%(n)d were not held and were left as they are (to take counted signatures out, invalidate them).",
                review.refused)
        if review.done:
            messages.success(self.request, done % {"n": review.done})
        if review.already:
            messages.info(self.request, already % {"n": review.already})
        if review.refused:
            messages.warning(self.request, refused % {"n": review.refused})

    def next_url(self):
        url = self.request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(url, {self.request.get_host()}, self.request.is_secure()):
            return url
        return "petitions_admin:held"
