"""The signer's private pages (thank-you with share step and invitations, impact) and the invitee's opt-out."""

from django.core import signing
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from clarion.core import languages
from clarion.core.netaddr import client_ip
from clarion.core.origin import foreign_origin
from clarion.core.public_post import public_post
from clarion.petitions.models import Signature
from clarion.spread import actions, links, tokens
from clarion.spread.forms import InviteForm
from clarion.spread.impact import recruits_by_level
from clarion.spread.linklike import find_link
from clarion.spread.models import Invitation
from clarion.supporters.models import Supporter
from clarion.transparency import receipts


def private(response):
    """Pages for one person: never kept by a shared cache, nor stored by the browser."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def _invalid(request, status=400):
    return private(TemplateResponse(request, "spread/invalid_link.html", status=status))


def _read(token, read, purpose):
    """(id, expired) for a genuine link, expired or not; (None, False) for a forged, altered or foreign one."""
    try:
        return read(token), False
    except signing.SignatureExpired:
        return tokens.read_expired(token, purpose), True
    except signing.BadSignature:
        return None, False


def _signer(token, petition_id=None):
    """(signature, expired) for a thank-you link of any age naming a confirmed, not anonymised signature (on
    `petition_id` when given); (None, False) for a bad link or one naming nobody who may have the page."""
    pk, expired = _read(token, tokens.read_signer_token, tokens.SIGNER)
    signature = Signature.objects.select_related("petition", "supporter").filter(pk=pk).first() if pk else None
    if (signature is None or signature.anonymised_at or not signature.confirmed_at or not signature.supporter
            or (petition_id is not None and signature.petition_id != petition_id)):
        return None, False
    return signature, expired


def signer_from_token(token, petition_id=None):
    """The signature a private thank-you link names, or None when the link is bad, old or for another petition."""
    signature, expired = _signer(token, petition_id)
    return None if expired else signature


def fresh_links(request, supporter, signature=None):
    """An expired private link offers a fresh one, e-mailed to its owner's own address: a GET asks, a POST
    sends. The answer is the same whether the mail went or today's allowance was used up."""
    language = signature.language if signature else supporter.language
    return languages.answered_in(language, lambda: _fresh_links(request, supporter, signature))


def _fresh_links(request, supporter, signature):
    if request.method == "POST":
        if foreign_origin(request):
            return _invalid(request, status=403)
        actions.send_fresh_links(supporter, signature)
        return private(TemplateResponse(request, "spread/fresh_links_sent.html"))
    return private(TemplateResponse(request, "spread/link_expired.html"))


def thanks_page(request, signature, token, *, form=None, status=200, problem="", remaining=0, receipt=""):
    """In the language the signer signed in, with that translation's texts and links to share."""
    return languages.answered_in(signature.language, lambda: _thanks_page(
        request, signature, token, form=form, status=status, problem=problem, remaining=remaining, receipt=receipt))


def _thanks_page(request, signature, token, *, form, status, problem, remaining, receipt):
    petition = signature.petition.in_language(signature.language)
    supporter = signature.supporter
    context = {
        "petition": petition, "signature": signature, "supporter": supporter, "token": token,
        "share_links": links.share_links(petition, supporter),
        "copy_url": links.share_url(petition, supporter, "copy"),
        "native_url": links.share_url(petition, supporter, "share"),
        "impact_url": tokens.impact_url(supporter) if supporter else "",
        # Offered to a quietly fraudulent signer too, so the page never tells them; their invitations go nowhere.
        "can_invite": petition.accepts_signatures(),
        "form": form or InviteForm(), "problem": problem, "remaining": remaining,
        "invitations_left": min(actions.invitations_left(signature.supporter_id, client_ip(request)).values()),
        "sent": request.GET.get("sent") == "1",
        "receipt": receipt, "receipt_url": receipts.verify_url(signature.petition_id) if receipt else "",
    }
    return private(TemplateResponse(request, "petitions/thanks.html", context, status=status))


# Posted from the expired-link page, with the link itself as the credential (see `invite`).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def thanks_signer(request, pk, token):
    signature, expired = _signer(token, petition_id=pk)
    if signature is None:
        return private(TemplateResponse(request, "petitions/problem.html", {"problem": "invalid"}, status=400))
    if expired or request.method == "POST":
        return fresh_links(request, signature.supporter, signature)
    # The signer's receipt (clarion.transparency), shown on the first visit only.
    return thanks_page(request, signature, token, receipt=receipts.reveal_once(signature))


# The token in the address is the signer's credential and the page that posts here is private, so a
# CSRF cookie adds nothing; cross-site posts from browsers are still refused by their Origin header.
@csrf_exempt
@require_POST
@public_post("invite")
def invite(request, token):
    signature = signer_from_token(token)
    if signature is None:
        return _invalid(request)
    if not signature.petition.accepts_signatures():
        return thanks_page(request, signature, token, status=403, problem="closed")
    form = InviteForm(request.POST)
    if not form.is_valid():
        return thanks_page(request, signature, token, form=form, status=400)
    if find_link(signature.first_name):
        # The invitation carries the signer's first name to strangers: it must not be a link either.
        return thanks_page(request, signature, token, form=form, status=400, problem="own_name")
    try:
        actions.invite_friends(signature, form.cleaned_data["invitees"], note=form.cleaned_data["note"],
                               ip=client_ip(request))
    except actions.InviteLimit as limit:
        return thanks_page(request, signature, token, form=form, status=429,
                           problem="limit_some" if limit.remaining else "limit_none", remaining=limit.remaining)
    # The same answer whatever the addresses are: who has signed or opted out is nobody's business.
    response = redirect(tokens.thanks_path(signature) + "?sent=1#invite")
    response.status_code = 303  # See Other: reloading the page must not post the invitations again
    return response


@csrf_exempt  # posted from the expired-link page, with the link itself as the credential (see `invite`)
@require_http_methods(["GET", "POST"])
def impact(request, token):
    pk, expired = _read(token, tokens.read_impact_token, tokens.IMPACT)
    supporter = Supporter.objects.filter(pk=pk, erased_at__isnull=True).first() if pk is not None else None
    if supporter is None:
        return _invalid(request)
    if expired or request.method == "POST":
        return fresh_links(request, supporter)
    levels = recruits_by_level(supporter)
    return languages.answered_in(supporter.language, lambda: private(TemplateResponse(request, "spread/impact.html", {
        "supporter": supporter, "direct": levels[0] if levels else 0, "further": sum(levels[1:]),
        "total": sum(levels), "levels": levels,
    })))


# RFC 8058: mail programs POST "List-Unsubscribe=One-Click" here without cookies or a CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def never(request, token):
    try:
        pk = tokens.read_never_token(token)
    except signing.BadSignature:
        return _invalid(request)
    invitation = Invitation.objects.filter(pk=pk).first()
    if invitation is None:
        return _invalid(request)
    return languages.answered_in(_invitation_language(invitation), lambda: _never(request, invitation, token))


def _invitation_language(invitation):
    """The invitation was written in the language its inviter signed in (clarion.spread.sending)."""
    return (Signature.objects.filter(petition_id=invitation.petition_id, supporter_id=invitation.inviter_id)
            .values_list("language", flat=True).first())


def _never(request, invitation, token):
    if request.method == "POST":
        actions.suppress_address(invitation)
        return private(TemplateResponse(request, "spread/never_done.html", {"invitation": invitation}))
    # A GET (a link scanner, a preview) changes nothing: it asks for the one-click confirmation.
    return private(TemplateResponse(request, "spread/never.html", {"invitation": invitation, "token": token}))
