"""Read-only questions staff ask about signatures: how petitions stand, who signs in bulk, what matches."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from clarion.core import languages
from clarion.core.emails import canonical_email
from clarion.core.netaddr import ip_bucket
from clarion.petitions.matching import domain_matches, in_network, is_pattern, parse_network
from clarion.petitions.models import PetitionCount, PetitionPage, PetitionState, Signature, SignatureState
from clarion.petitions.review import held_reasons

TRENDING_LIMIT = 20

# SQLite refuses more bound parameters than this in one query; a range matching more addresses is refused.
MAX_MATCHED_VALUES = 30_000

CRITERIA = ("network", "domain", "email", "since", "until")


class TooBroad(ValueError):
    """A range or pattern matches more distinct values than one query can carry."""


@dataclass
class PetitionRow:
    petition: PetitionPage
    count: int
    pending: int
    fraudulent: int
    held_reasons: list  # [(reason label, n), …] of signatures held for review
    languages: list = None  # [(language name, n), …] of confirmed signatures, by the language signed in

    @property
    def held(self):
        return sum(n for _label, n in self.held_reasons)

    @property
    def state_label(self):
        return PetitionState(self.petition.public_state()).label


def petition_overview():
    """Every petition (its translations count with it) with its public count, the signatures not (yet) counted
    and its confirmed signatures by language, in five queries."""
    totals = dict(PetitionCount.objects.values_list("petition_id", "count"))
    by_state = {}
    states = (
        Signature.objects.filter(state__in=[SignatureState.PENDING, SignatureState.FRAUDULENT])
        .values_list("petition_id", "state").annotate(n=Count("pk")).order_by()
    )
    for petition_id, state, n in states:
        by_state[petition_id, state] = n
    held = held_reasons()
    spoken = signed_in_languages()
    # One row per petition: its translations count with it (their signatures are stored on it).
    return [
        PetitionRow(petition, totals.get(petition.pk, 0), by_state.get((petition.pk, SignatureState.PENDING), 0),
                    by_state.get((petition.pk, SignatureState.FRAUDULENT), 0), held.get(petition.pk, []),
                    spoken.get(petition.pk, []))
        for petition in PetitionPage.originals().order_by(F("first_published_at").desc(nulls_last=True), "title")
    ]


def signed_in_languages():
    """{petition id: [(language name, n), …]}: confirmed signatures by the language they were made in, most first."""
    rows = (Signature.objects.filter(state=SignatureState.VALIDATED).values_list("petition_id", "language")
            .annotate(n=Count("pk")).order_by("petition_id", "-n", "language"))
    by_petition = {}
    for petition_id, language, n in rows:
        name = languages.native_name(language) if languages.spoken(language) else (language or "—")
        by_petition.setdefault(petition_id, []).append((name, n))
    return by_petition


def _state_counts():
    return {
        "total": Count("pk"),
        "validated": Count("pk", filter=Q(state=SignatureState.VALIDATED)),
        "pending": Count("pk", filter=Q(state=SignatureState.PENDING)),
        "held": Count("pk", filter=Q(state=SignatureState.HELD)),
        "fraudulent": Count("pk", filter=Q(state=SignatureState.FRAUDULENT)),
    }


def _top(rows, field, limit):
    return list(rows.values(value=F(field)).annotate(**_state_counts()).order_by("-total", "value")[:limit])


def trending(petition, minutes, *, now=None, limit=TRENDING_LIMIT):
    """The IP addresses and e-mail domains that signed most in the last `minutes`, with counts by state."""
    since = (now or timezone.now()) - timedelta(minutes=minutes)
    recent = Signature.objects.filter(petition=petition, created_at__gte=since)
    return {
        "since": since,
        "ip_addresses": [row | {"value": _as_network(row["value"])}
                         for row in _top(recent.exclude(ip_address=None), "ip_address", limit)],
        "email_domains": _top(recent.exclude(email_domain=""), "email_domain", limit),
    }


def _as_network(stored_ip):
    """A stored address as staff should read it: an IPv6 signer is stored as their /64, so say so."""
    return f"{stored_ip}/64" if ":" in stored_ip else stored_ip


def _distinct(rows, field):
    return rows.exclude(**{f"{field}__isnull": True}).order_by().values_list(field, flat=True).distinct()


def _refuse_if_too_many(values):
    if len(values) > MAX_MATCHED_VALUES:
        raise TooBroad(len(values))
    return values


def addresses_in(rows, network):
    """The distinct IP addresses among `rows` inside `network` (SQLite cannot compare ranges, so Python does)."""
    network = parse_network(network)
    if network.num_addresses == 1:
        return [ip_bucket(str(network.network_address))]  # stored as signing stores it: an IPv6 /64 as one
    return _refuse_if_too_many([ip for ip in _distinct(rows, "ip_address") if in_network(ip, network)])


def domains_like(rows, pattern):
    """The distinct e-mail domains among `rows` matching `pattern`, where * and ? are wildcards."""
    pattern = pattern.lower()
    if not is_pattern(pattern):
        return [pattern]
    return _refuse_if_too_many([d for d in _distinct(rows, "email_domain") if domain_matches(d, pattern)])


def signatures_matching(petition, criteria):
    """The petition's signatures meeting every criterion given.

    `criteria` holds JSON-safe strings, as an Invalidation stores them: "network" (IP or CIDR range),
    "domain" (wildcards allowed), "email" (matched by its canonical form), "since" and "until" (ISO
    date-times, both inclusive). With no criterion at all this refuses, rather than match everything.
    """
    given = {key: criteria[key] for key in CRITERIA if criteria.get(key)}
    if not given:
        raise ValueError("signatures_matching needs at least one criterion")
    rows = Signature.objects.filter(petition=petition)
    if "network" in given:
        rows = rows.filter(ip_address__in=addresses_in(rows, given["network"]))
    if "domain" in given:
        rows = rows.filter(email_domain__in=domains_like(rows, given["domain"]))
    if "email" in given:
        rows = rows.filter(canonical_email=canonical_email(given["email"]))
    if "since" in given:
        rows = rows.filter(created_at__gte=datetime.fromisoformat(given["since"]))
    if "until" in given:
        rows = rows.filter(created_at__lte=datetime.fromisoformat(given["until"]))
    return rows
