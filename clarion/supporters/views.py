"""What a supporter does without logging in: sign up, manage preferences, unsubscribe, download or erase data."""

from django.core import signing
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clarion.audit.actions import SELF_SERVICE, SUPPORTER, record_export
from clarion.core import languages
from clarion.core.netaddr import client_ip
from clarion.core.public_post import public_post
from clarion.supporters import actions, conf, gdpr, tokens
from clarion.supporters.forms import LanguageForm, SignupForm
from clarion.supporters.limits import may_send_confirmation, within_limit


def _problem(request, problem, status, **context):
    return TemplateResponse(request, "supporters/problem.html", {"problem": problem, **context}, status=status)


def _link_problem(request, link, token):
    return languages.answered_in(link.supporter.language if link.supporter else None,
                                 lambda: _problem(request, link.problem, link.status, token=token,
                                                  supporter=link.supporter))


# CSRF: the sign-up block sits on cached public pages, like the petition form, so it carries no per-visitor token.
# Signing up acts for nobody logged in, and stores nothing until the address owner follows the e-mailed link;
# cross-site posts from browsers are refused by their Origin header.
@csrf_exempt
@require_POST
@public_post("signup")
def signup(request):
    # The form's page's language (its hidden field): errors, the form sent back and "check your e-mail" speak it.
    language = languages.spoken(request.POST.get("language"))
    return languages.answered_in(language, lambda: _signup(request, language))


def _signup(request, language):
    form = SignupForm(request.POST)
    if not form.is_valid():
        if "notice" in form.errors:
            return _problem(request, "form_outdated", 400)
        return TemplateResponse(request, "supporters/signup.html", {"form": form}, status=400)
    data = form.cleaned_data
    if not data["website"] and may_send_confirmation(client_ip(request), data["email"]):
        actions.request_signup(email=data["email"], name=data["name"], notice_text=data["notice"],
                               language=data["language"] or get_language() or "")
    address = reverse("supporters:signup_check_email")
    return redirect(f"{address}?language={language}" if language else address)


@require_GET
def signup_check_email(request):
    return languages.answered_in(languages.spoken(request.GET.get("language")),
                                 lambda: TemplateResponse(request, "supporters/signup_check_email.html", {}))


# Confirming on GET, as petitions do: the link works from any mail program, and following it twice is harmless.
@never_cache
@require_GET
def confirm_signup(request, token):
    try:
        signup = tokens.read_signup_token(token)
    except signing.SignatureExpired:
        return _problem(request, "signup_expired", 410)
    except signing.BadSignature:
        return _problem(request, "invalid", 400)
    return languages.answered_in(signup.get("l"), lambda: _confirmed_signup(request, signup))


def _confirmed_signup(request, signup):
    result = actions.confirm_signup(signup, ip=client_ip(request))
    if result.outcome == "invalid":
        return _problem(request, "invalid", 400)
    if result.outcome == "outdated":
        return _problem(request, "outdated", 410)
    return TemplateResponse(request, "supporters/signup_confirmed.html", {
        "supporter": result.supporter, "preferences_url": tokens.preferences_url(result.supporter),
    })


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    link = tokens.read_link(token)
    if link.problem:
        return _link_problem(request, link, token)
    # An unprefixed address from a mail: the page speaks the supporter's language, never the browser's.
    return languages.answered_in(link.supporter.language, lambda: _preferences(request, link, token))


def _preferences_page(request, link, token, form=None, status=200):
    supporter = link.supporter
    return TemplateResponse(request, "supporters/preferences.html", {
        "supporter": supporter, "token": token, "notice": conf.preferences_notice(),
        "may_change": not link.change_refusal(), "recent_link": not link.data_refusal(),
        "language_form": form or LanguageForm(initial={"language": languages.choose(supporter.language)}),
    }, status=status)


def _change_language(request, link, token):
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return _preferences_page(request, link, token, form=form, status=400)
    refusal = link.change_refusal()
    if refusal:
        return _problem(request, refusal, 410, token=token, supporter=link.supporter)
    actions.set_language(link.supporter, form.cleaned_data["language"])
    return redirect(request.path)


def _preferences(request, link, token):
    supporter = link.supporter
    if request.method == "GET":
        return _preferences_page(request, link, token)
    if "language" in request.POST:
        return _change_language(request, link, token)
    choice = request.POST.get("subscribed")
    if choice == "no":
        return _stop_emails(request, link)
    if choice != "yes":
        return _problem(request, "bad_choice", 400, token=token)
    refusal = link.change_refusal()
    if refusal:
        return _problem(request, refusal, 410, token=token, supporter=supporter)
    if supporter.subscribed:
        return redirect(request.path)
    if may_send_confirmation(client_ip(request), supporter.email):
        actions.request_resubscribe(supporter)
    return TemplateResponse(request, "supporters/resubscribe_check_email.html", {"supporter": supporter})


def _stop_emails(request, link):
    """Any genuine link may lower what we send. The opt-out retires the link; one that could do more carries on
    as a new link of the same age (so an old link gains nothing by it), one that could not stays as it was."""
    supporter, could_change = link.supporter, not link.change_refusal()
    if supporter.subscribed:
        actions.opt_out(supporter, channel="preferences", ip=client_ip(request))
    if could_change and link.version != supporter.token_version:
        token = tokens.preferences_token(supporter, issued_at=link.issued_at)
        return redirect("supporters:preferences", token=token)
    return redirect(request.path)


# RFC 8058: mail programs POST "List-Unsubscribe=One-Click" here without cookies or a CSRF token.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    link = tokens.read_link(token)
    if link.problem:
        return _link_problem(request, link, token)
    return languages.answered_in(link.supporter.language, lambda: _unsubscribe(request, link.supporter, token))


def _unsubscribe(request, supporter, token):
    if request.method == "POST":
        if supporter.subscribed:
            actions.opt_out(supporter, channel="unsubscribe", ip=client_ip(request))
        return TemplateResponse(request, "supporters/unsubscribed.html", {"supporter": supporter, "token": token})
    # A GET (a link scanner, a preview) changes nothing: it asks for the one-click confirmation.
    return TemplateResponse(request, "supporters/unsubscribe.html", {"supporter": supporter, "token": token})


def _data_link(token):
    """The link, with why it may not download or erase data as its problem (that asks for a recent link)."""
    link = tokens.read_link(token)
    link.problem = link.data_refusal()
    return link


@never_cache
@require_GET
def download_data(request, token):
    link = _data_link(token)
    if link.problem:
        return _link_problem(request, link, token)
    document = gdpr.export_supporter(link.supporter)
    record_export(link.supporter, scope=SUPPORTER, rows=gdpr.record_count(document),
                  title=gdpr.export_title(link.supporter), channel=SELF_SERVICE)
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2},
                        headers={"Content-Disposition": content_disposition_header(True, "my-data.json")})


@never_cache
@require_http_methods(["GET", "POST"])
def erase(request, token):
    link = _data_link(token)
    if link.problem:
        return _link_problem(request, link, token)
    return languages.answered_in(link.supporter.language, lambda: _erase(request, link, token))


def _erase(request, link, token):
    if request.method == "POST":
        if request.POST.get("confirm") != "erase":
            return _problem(request, "bad_choice", 400, token=token)
        actions.erase_supporter(link.supporter, how="self-service")
        return TemplateResponse(request, "supporters/erased.html", {})
    return TemplateResponse(request, "supporters/erase.html", {"supporter": link.supporter, "token": token})


@never_cache
@require_POST
def fresh_link(request, token):
    """E-mail a new preferences link to the address on file: safe for anyone to ask, it reaches only the owner."""
    link = tokens.read_link(token)
    if link.problem:
        return _link_problem(request, link, token)
    supporter = link.supporter
    if within_limit(f"supporters:fresh:{supporter.pk}", 1, conf.fresh_link_minutes() * 60):
        actions.send_fresh_link(supporter)
    return languages.answered_in(supporter.language,
                                 lambda: TemplateResponse(request, "supporters/fresh_link_sent.html", {}))
