"""The mailing's sending page (test, preview, schedule, send, pause, resume, cancel, progress) and JSON."""

from django import forms
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from clarion.alerts import actions
from clarion.alerts.admin.forms import ConfirmSendForm, PreviewForm, ScheduleForm, SegmentConditionsForm
from clarion.alerts.audience import audience as audience_of
from clarion.alerts.audience import mailing_recipients
from clarion.alerts.compose import Composer, sample_supporter
from clarion.alerts.models import Mailing, MailingStatus, Segment
from clarion.alerts.progress import mailing_progress
from clarion.core.adminviews import forbidden
from clarion.organisation import identity
from clarion.supporters.admin.views import VIEW_SUPPORTERS
from clarion.supporters.models import Supporter

VIEW_MAILINGS = "alerts.change_mailing"
SEND_MAILINGS = "alerts.send_mailing"
ACTIONS = {"test", "send", "schedule", "pause", "resume", "cancel"}
CONFIRM_TEMPLATE = "alerts/admin/confirm_send.html"


class MailingView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "mail"
    permission = VIEW_MAILINGS

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def mailing(self):
        return get_object_or_404(Mailing.objects.select_related("segment", "petition"), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.mailing.subject

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("alerts_mailings:index"), "label": _("Mailings")},
                {"url": reverse("alerts_mailings:edit", args=[self.mailing.pk]), "label": self.mailing.subject},
                {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(mailing=self.mailing, **kwargs)

    def confirmation(self, status=200, notice=None, send_at=None):
        """The "are you sure?" page: the recipients counted as sending counts them, in a form that carries the
        number on to the send action (or, with `send_at`, to the schedule action)."""
        try:
            actions.check_startable(self.mailing)
        except actions.MailingRefused as refusal:
            messages.error(self.request, str(refusal))
            return self.response_class(self.request, [CONFIRM_TEMPLATE], self.get_context_data(), status=400)
        if notice:
            messages.warning(self.request, notice)
        count = mailing_recipients(self.mailing).count()
        if send_at is None:
            form = ConfirmSendForm(initial={"recipients": count})
        else:
            form = ScheduleForm(initial={"recipients": count, "send_at": timezone.localtime(send_at)})
            form.fields["send_at"].widget = forms.HiddenInput()
        context = self.get_context_data(recipients=count, form=form, send_at=send_at, organisation=identity.current(),
                                        held_back=audience_of(self.mailing).count() - count)
        return self.response_class(self.request, [CONFIRM_TEMPLATE], context, status=status)


class ConfirmSendView(MailingView):
    page_title = gettext_lazy("Confirm sending")
    permission = SEND_MAILINGS

    def get(self, request, *args, **kwargs):
        return self.confirmation()


class SendView(MailingView):
    page_title = gettext_lazy("Send")
    template_name = "alerts/admin/send.html"

    def get_context_data(self, **kwargs):
        mailing = self.mailing
        audience = None
        if audience_of(mailing) is not None and mailing.editable:
            audience = audience_of(mailing).count()
        kwargs.setdefault("schedule_form", ScheduleForm())
        return super().get_context_data(
            progress=mailing_progress(mailing), audience=audience, can_send=self.request.user.has_perm(SEND_MAILINGS),
            progress_url=reverse("alerts_mailings:progress", args=[mailing.pk]), Status=MailingStatus,
            stoppable=mailing.status in (MailingStatus.SCHEDULED, MailingStatus.SENDING, MailingStatus.PAUSED),
            **kwargs)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            return self.refuse(_("Unknown action."))
        if action != "test" and not request.user.has_perm(SEND_MAILINGS):
            return forbidden(request)
        try:
            done = getattr(self, f"do_{action}")()
        except actions.MailingRefused as refusal:
            return self.refuse(str(refusal))
        if not isinstance(done, str):
            return done
        messages.success(request, done)
        return redirect("alerts_mailings:send", pk=self.mailing.pk)

    def refuse(self, message, **context):
        messages.error(self.request, message)
        return self.render_to_response(self.get_context_data(**context), status=400)

    def do_test(self):
        actions.send_test_mailing(self.mailing, acting_user=self.request.user)
        return _("A test is on its way to %(email)s.") % {"email": self.request.user.email}

    def do_send(self):
        form = ConfirmSendForm(self.request.POST)
        if not form.is_valid():  # a post that skipped the confirmation step asks, and never sends
            return self.confirmation(400, _("Nothing was sent: confirm the number of recipients first."))
        try:
            mailing = actions.start_mailing(self.mailing, confirmed_count=form.cleaned_data["recipients"],
                                            acting_user=self.request.user)
        except actions.AudienceChanged as changed:
            return self.confirmation(409, str(changed))
        return _("Sending to %(count)s supporters has started.") % {"count": mailing.recipients_count}

    def do_schedule(self):
        form = ScheduleForm(self.request.POST)
        if not form.is_valid():
            return self.refuse(_("Give a date and time to send at."), schedule_form=form)
        if form.cleaned_data["recipients"] is None:  # one click never schedules a mailing to everyone
            actions.schedule_mailing(self.mailing, form.cleaned_data["send_at"], dry_run=True)
            return self.confirmation(send_at=form.cleaned_data["send_at"])
        actions.schedule_mailing(self.mailing, form.cleaned_data["send_at"], acting_user=self.request.user)
        when = timezone.localtime(form.cleaned_data["send_at"])
        return _("Scheduled for %(when)s.") % {"when": when.strftime("%Y-%m-%d %H:%M")}

    def do_pause(self):
        actions.pause_mailing(self.mailing, acting_user=self.request.user)
        return _("Paused: no more messages go out until you resume.")

    def do_resume(self):
        actions.resume_mailing(self.mailing, acting_user=self.request.user)
        return _("Sending again.")

    def do_cancel(self):
        actions.cancel_mailing(self.mailing, acting_user=self.request.user)
        return _("Cancelled: nobody else will receive it.")


class PreviewView(MailingView):
    """The mailing as one recipient would get it, every link a placeholder. Naming a supporter (or seeing the
    segment's first) needs the right to view supporters; without it, the preview is always of a sample person,
    whatever address was asked for, so it cannot tell who is a supporter."""

    page_title = gettext_lazy("Preview")
    template_name = "alerts/admin/preview.html"

    def get(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_SUPPORTERS):
            return self.show(sample_supporter(), sample=True)
        form = PreviewForm(request.GET)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        email = form.cleaned_data["email"]
        supporter = self.recipient(email)
        if supporter is None:
            form.add_error("email", _("No supporter has the address %(email)s.") % {"email": email} if email else
                           _("The segment has nobody in it yet; give an address to preview."))
            return self.render_to_response(self.get_context_data(form=form), status=400 if email else 200)
        return self.show(supporter, form=form)

    def show(self, supporter, **context):
        subject, text, html, headers = Composer(self.mailing, sample_links=True).render(supporter)
        return self.render_to_response(self.get_context_data(
            supporter=supporter, subject=subject, text=text, html=html, headers=headers, **context))

    def recipient(self, email):
        if email:
            return Supporter.objects.filter(email__iexact=email, erased_at__isnull=True).first()
        if audience_of(self.mailing) is not None:
            return audience_of(self.mailing).order_by("pk").first()
        return None


@require_GET
def progress_json(request, pk):
    if not request.user.has_perm(VIEW_MAILINGS):
        return JsonResponse({"error": _("Not allowed.")}, status=403)
    return JsonResponse(mailing_progress(get_object_or_404(Mailing, pk=pk)))


@require_POST
def segment_count_json(request):
    """How many supporters the segment form, as it stands, would reach (for the live count while editing)."""
    if not request.user.has_perm("alerts.change_segment") and not request.user.has_perm("alerts.add_segment"):
        return JsonResponse({"error": _("Not allowed.")}, status=403)
    form = SegmentConditionsForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    segment = Segment(**{name: value for name, value in form.cleaned_data.items()})
    return JsonResponse({"count": segment.recipients().count()})
