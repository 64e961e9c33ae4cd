"""What the petition page and its count document show; the same for every visitor, so cacheable."""

from django.utils import timezone

from clarion.petitions.counting import read_counts
from clarion.petitions.forms import SignatureForm
from clarion.petitions.models import CommentState, Signature, SignatureState
from clarion.petitions.timeline import count_document_steps, recorded_steps, stage, timeline

# Figures shown beside the verified count, never added to it (paper signatures: clarion.delivery fills this in).
_side_figures = []


def register_side_figure(provider):
    """`provider(petition)` returns a short text to show under the count, or "" for none."""
    if provider not in _side_figures:
        _side_figures.append(provider)


def side_figures(petition):
    return [text for text in (provider(petition) for provider in _side_figures) if text]


def count_document(page):
    """One document per petition: a translation's id gives its original's (only the title is the page's own)."""
    petition = page.counting_petition
    counts = read_counts(petition.pk)
    return {
        "petition": petition.pk,
        "title": page.title,
        "signature_count": counts["total"],
        "count_shown": petition.shows_count(counts["total"]),
        "goal": petition.effective_goal(counts["total"]),
        "state": petition.public_state(),
        "opens_at": petition.opens_at.isoformat() if petition.opens_at else None,
        "closes_at": petition.closes_at.isoformat() if petition.closes_at else None,
        "signatures_by_country": counts["by_country"],
        "updated_at": timezone.now().isoformat(),
    } | count_document_steps(petition)


def petition_context(page):
    """A translation shows its own texts with the counting petition's figures, signers and stage."""
    petition = page.counting_petition
    counts = read_counts(petition.pk)
    total = counts["total"]
    goal = petition.effective_goal(total)
    confirmed = Signature.objects.filter(petition=petition, state=SignatureState.VALIDATED)
    # The counting petition's thresholds, each in the translation's words where it has one for that count.
    worded = {t.count: t for t in page.thresholds.all()} if page is not petition else {}
    reached = [worded.get(t.count, t) for t in petition.thresholds.all() if total >= t.count]
    steps = recorded_steps(petition)
    return {
        "petition": page,
        "counting_petition": petition,
        "signature_count": total,
        "count_shown": petition.shows_count(total),
        "goal": goal,
        "progress_percent": min(100, round(100 * total / goal)) if goal else 100,
        "public_state": petition.public_state(),
        "accepts_signatures": petition.accepts_signatures(),
        "threshold": max(reached, key=lambda t: t.count) if reached else None,
        "recent_signers": list(confirmed.filter(show_name=True).order_by("-confirmed_at")
                               .only("name", "country")[:10]),
        "comments": list(confirmed.filter(comment_state=CommentState.APPROVED).order_by("-confirmed_at")
                         .only("name", "country", "comment", "show_name")[:10]),
        "side_figures": side_figures(petition),
        "form": SignatureForm(petition=page),
        "stage": stage(petition, steps),
        "timeline": timeline(petition, steps, page=page),
    }
