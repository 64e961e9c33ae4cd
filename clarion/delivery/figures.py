"""The numbers a pack reports, each one grouped query, so a million signatures cost a few seconds, not memory."""

from django.db.models import Count, Sum
from django.db.models.functions import Substr, TruncDate, Upper
from django.utils.formats import number_format
from django.utils.translation import ngettext
from django_countries import countries

from clarion.delivery.models import PaperSignature
from clarion.petitions.models import CommentState, PostalCodeMode, Signature, SignatureState

POSTAL_AREA_CHARS = 3
POSTAL_AREAS_SHOWN = 50
COMMENTS_SHOWN = 20


def verified(petition):
    """Confirmed by their owner through the e-mail link and not invalidated, held or flagged."""
    return Signature.objects.filter(petition=petition, state=SignatureState.VALIDATED)


def names_for_target(petition):
    """Verified signers who ticked the separate box to have their name given; never an erased one."""
    return verified(petition).filter(name_to_target=True, anonymised_at__isnull=True)


def paper_total(petition):
    return PaperSignature.objects.filter(petition=petition).aggregate(n=Sum("count"))["n"] or 0


def paper_figure(petition):
    """The public page's line under the verified count: paper signatures, counted apart."""
    total = paper_total(petition)
    if not total:
        return ""
    return ngettext("+ %(count)s signature on paper (counted separately)",
                    "+ %(count)s signatures on paper (counted separately)", total) % {
        "count": number_format(total, force_grouping=True)}


def by_country(petition):
    rows = verified(petition).order_by().values("country").annotate(n=Count("pk")).order_by("-n", "country")
    return [(countries.name(row["country"]) or row["country"], row["n"]) for row in rows]


def by_postal_area(petition):
    """Counts by the first characters of the postal code, where the form asked for one; the largest first."""
    if petition.postal_code == PostalCodeMode.OFF:
        return []
    rows = (verified(petition).exclude(postal_code="").order_by()
            .annotate(area=Upper(Substr("postal_code", 1, POSTAL_AREA_CHARS)))
            .values("country", "area").annotate(n=Count("pk")).order_by("-n", "country", "area"))
    return [(countries.name(row["country"]) or row["country"], row["area"], row["n"])
            for row in rows[:POSTAL_AREAS_SHOWN]]


def by_day(petition):
    rows = (verified(petition).exclude(confirmed_at__isnull=True).order_by()
            .annotate(day=TruncDate("confirmed_at")).values("day").annotate(n=Count("pk")).order_by("day"))
    return [(row["day"], row["n"]) for row in rows]


def approved_comments(petition, limit=COMMENTS_SHOWN):
    return list(verified(petition).filter(comment_state=CommentState.APPROVED, anonymised_at__isnull=True)
                .order_by("-confirmed_at").only("name", "country", "comment", "show_name")[:limit])
