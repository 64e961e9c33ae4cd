"""What the outbox holds on a supporter, for their data export and their erasure."""

from django.conf import settings
from django.db.models import Q

from clarion.mail import deferred
from clarion.mail.models import OutboxMessage


def _addresses(supporter):
    """The outbox rows to any spelling of the supporter's address (case, dots, +tags, domain aliases)."""
    from clarion.petitions.emails import canonical_email, split_address

    domain = split_address(supporter.canonical_email)[1]
    domains = {domain} | {alias for alias, target in settings.CLARION_EMAIL_DOMAIN_ALIASES.items() if target == domain}
    on_domain = Q()
    for name in domains:
        on_domain |= Q(to__iendswith=f"@{name}")
    # One person's mail is found among their domain's rows by its canonical form (erasure is rare).
    pks = [pk for pk, to in OutboxMessage.objects.filter(on_domain).values_list("pk", "to").iterator()
           if canonical_email(to) == supporter.canonical_email]
    return OutboxMessage.objects.filter(pk__in=pks)


def export(supporter):
    return [{"to": m.to, "subject": m.subject or deferred.subject(m), "created_at": m.created_at.isoformat(),
             "status": m.status, "sent_at": m.sent_at.isoformat() if m.sent_at else None}
            for m in _addresses(supporter).order_by("created_at")]


def erase(supporter):
    _addresses(supporter).delete()


def register():
    from clarion.supporters import registry

    registry.register_export("emails", export)
    registry.register_erasure(erase)
