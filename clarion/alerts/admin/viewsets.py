from django import forms
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import HeaderButton

from clarion.alerts.admin import views
from clarion.alerts.admin.forms import SEGMENT_FIELDS
from clarion.alerts.models import Mailing, Segment
from clarion.core import languages


class CountColumn(Column):
    """Recipients a segment reaches now: one count query per listed segment (a page of them at most)."""

    def get_value(self, instance):
        return instance.recipients().count()


class SegmentFormMixin:
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        instance = getattr(self, "object", None)
        context["segment_count"] = instance.recipients().count() if instance and instance.pk else None
        context["segment_count_url"] = reverse("alerts_segments:count")
        return context


class SegmentCreateView(SegmentFormMixin, generic.CreateView):
    pass


class SegmentEditView(SegmentFormMixin, generic.EditView):
    pass


class SegmentViewSet(ModelViewSet):
    model = Segment
    icon = "group"
    menu_label = _("Segments")
    form_fields = SEGMENT_FIELDS
    add_view_class = SegmentCreateView
    edit_view_class = SegmentEditView
    create_template_name = "alerts/admin/segment_create.html"
    edit_template_name = "alerts/admin/segment_edit.html"
    list_display = ["name", CountColumn("count", label=_("Mailable supporters now")), "updated_at"]
    search_fields = ["name"]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("count/", views.segment_count_json, name="count")]


class MailingSuccessMixin:
    """After saving, the organiser lands on the sending page: test, preview, then send."""

    def get_success_url(self):
        return reverse("alerts_mailings:send", args=[self.object.pk])


class MailingCreateView(MailingSuccessMixin, generic.CreateView):
    def get_initial(self):
        # "Send an update to signers" on a petition arrives with ?update_for=<petition id>.
        petition_id = self.request.GET.get("update_for", "")
        if not petition_id.isdigit():
            return super().get_initial()
        return {**super().get_initial(), "update_for": petition_id, "petition": petition_id}

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class MailingEditView(MailingSuccessMixin, generic.EditView):
    @cached_property
    def header_buttons(self):
        url = reverse("alerts_mailings:send", args=[self.object.pk])
        return [*super().header_buttons, HeaderButton(_("Send / progress"), url=url, icon_name="mail")]


class MailingViewSet(ModelViewSet):
    model = Mailing
    icon = "mail"
    menu_label = _("Mailings")
    panels = [
        # Plain selects, as the form had before panels (a page chooser would list every page of the site).
        FieldPanel("subject"), FieldPanel("preheader"), FieldPanel("body"), FieldPanel("petition", widget=forms.Select),
        FieldPanel("segment", widget=forms.Select), FieldPanel("update_for", widget=forms.Select),
        InlinePanel("versions", label=_("Version in another language"), heading=_("Other languages"), help_text=_(
            "Supporters whose language has a version here get it; everyone else gets the text above."), panels=[
            # Each of the site's languages in its own name, as a reader looks for it.
            FieldPanel("language", widget=forms.Select(choices=[(code, languages.native_name(code))
                                                                for code in languages.codes()])),
            FieldPanel("subject"), FieldPanel("preheader"), FieldPanel("body"),
        ]),
    ]
    add_view_class = MailingCreateView
    edit_view_class = MailingEditView
    list_display = [
        TitleColumn("subject", url_name="alerts_mailings:edit"),
        Column("status", accessor="get_status_display", label=_("Status")),
        "segment",
        TitleColumn("send", label=_("Sending"), accessor=lambda mailing: _("Send / progress"),
                    url_name="alerts_mailings:send"),
        "recipients_count", "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["subject"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<id:pk>/send/", views.SendView.as_view(), name="send"),
            path("<id:pk>/send/confirm/", views.ConfirmSendView.as_view(), name="confirm_send"),
            path("<id:pk>/preview/", views.PreviewView.as_view(), name="preview"),
            path("<id:pk>/progress.json", views.progress_json, name="progress"),
        ]


class AlertsGroup(ModelViewSetGroup):
    menu_label = _("Action alerts")
    menu_icon = "mail"
    menu_order = 270
    items = (MailingViewSet("alerts_mailings"), SegmentViewSet("alerts_segments"))
