"""The demo campaign comes with a draft "Dear Friend" alert and a segment that is not empty."""

from django.urls import reverse

from clarion.alerts.models import Mailing, MailingStatus


def test_demo_has_a_draft_alert_ready_for_its_supporters(demo, staff):  # noqa: F811
    mailing = Mailing.objects.get()
    mailing.full_clean()
    assert mailing.status == MailingStatus.DRAFT
    assert mailing.body.startswith('Dear {{ first_name|default:"Friend" }},')
    assert mailing.segment.name == "Supporters of the demo campaign"
    assert mailing.segment.recipients().count() == 6

    page = staff.get(reverse("alerts_mailings:send", args=[mailing.pk])).content.decode()
    assert "6 mailable supporters now" in page
    preview = staff.get(reverse("alerts_mailings:preview", args=[mailing.pk])).content.decode()
    assert "Dear " in preview and "ref=" in preview and "src=alert" in preview
