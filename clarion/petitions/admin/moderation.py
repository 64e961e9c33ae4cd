"""The queue of "why I'm signing" comments waiting for a moderator, with Approve and Reject."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from clarion.petitions import actions
from clarion.petitions.admin.base import CHANGE_SIGNATURES, OptionalPetitionView, StaffView
from clarion.petitions.models import CommentState, PetitionPage, Signature, SignatureState

PER_PAGE = 50


def comments_to_moderate():
    # A fraudulent, rejected or invalidated signature never shows its comment, so it needs no moderator's time.
    return (Signature.objects.filter(comment_state=CommentState.PENDING)
            .exclude(state__in=[SignatureState.FRAUDULENT, SignatureState.REJECTED, SignatureState.INVALIDATED]))


class CommentQueueView(OptionalPetitionView):
    permission = CHANGE_SIGNATURES
    page_title = _("Comments to moderate")
    template_name = "petitions/admin/comments.html"

    def get_context_data(self, **kwargs):
        queue = comments_to_moderate().select_related("petition").order_by("created_at", "pk")
        if self.petition:
            queue = queue.filter(petition=self.petition)
        page = Paginator(queue, PER_PAGE).get_page(self.request.GET.get("p"))
        return super().get_context_data(
            petition=self.petition, page=page, petitions=PetitionPage.originals().order_by("title"), **kwargs)


class ModerateCommentView(StaffView):
    permission = CHANGE_SIGNATURES
    http_method_names = ["post"]

    def post(self, request, pk):
        signature = get_object_or_404(Signature, pk=pk)
        decision = request.POST.get("decision")
        if decision not in ("approve", "reject"):
            messages.error(request, _("Choose Approve or Reject."))
        else:
            actions.moderate_comment(signature, approve=decision == "approve", acting_user=request.user)
            if decision == "approve":
                messages.success(request, _("Comment by %(name)s approved.") % {"name": signature.name})
            else:
                messages.success(request, _("Comment by %(name)s rejected.") % {"name": signature.name})
        return redirect(self.next_url())

    def next_url(self):
        url = self.request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(url, {self.request.get_host()}, self.request.is_secure()):
            return url
        return "petitions_admin:comments"
