"""Someone slips a script into a page (a crafted comment, a compromised editor account, a bug in a template).
The browser runs none of it: every page says which scripts may run (our files and the inline ones we wrote,
by hash), that nothing may frame it but the site itself, and where its forms may post. Public pages are kept
and served to many visitors, so their policy carries no nonce; the admin's gets a fresh one every time."""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from clarion.core.inline import source_hash
from clarion.pages.video import embed_url

pytestmark = pytest.mark.django_db


def policy(response):
    directives = (part.strip().split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: values for name, *values in directives}


def public_paths():
    pages = [page.specific for page in Page.objects.live().filter(depth__gt=1)]
    return [page.url for page in pages if not getattr(page.specific, "redirect_url", None)]


def test_every_demo_page_runs_only_the_scripts_its_policy_names(client, demo):
    paths = public_paths() + ["/petitions/1/check-your-email/", "/supporters/signup/check-your-email/",
                              "/no-such-page/"]
    assert len(paths) > 8
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 302, 404), path
        if response.status_code == 302:
            continue
        rules = policy(response)
        html = BeautifulSoup(response.content, "html.parser")
        for script in html.find_all("script"):
            if script.get("src"):
                assert script["src"].startswith("/static/"), (path, script["src"])
            elif script.get("type", "text/javascript") in ("text/javascript", "module"):
                assert source_hash(script.string or "") in rules["script-src"], (path, script)
        assert not html.select("[style], style"), path  # style-src 'self': no inline styles either
        assert not [tag for tag in html.find_all(True) if any(a.startswith("on") for a in tag.attrs)], path


def test_the_public_policy_is_strict(client, demo):
    rules = policy(client.get("/en/"))

    assert rules["default-src"] == ["'self'"]
    assert rules["script-src"][0] == "'self'"
    assert not [value for value in rules["script-src"] if value in ("'unsafe-inline'", "'unsafe-eval'")
                or value.startswith("'nonce-")]
    assert rules["style-src"] == ["'self'"]
    assert rules["object-src"] == ["'none'"]
    assert rules["base-uri"] == ["'none'"]
    assert rules["form-action"] == ["'self'"]
    assert rules["frame-ancestors"] == ["'self'"]


def test_frames_are_allowed_from_the_video_players_alone(client, demo):
    players = {f"https://{urlsplit(embed_url(provider, 'abc')).hostname}" for provider in ("youtube", "vimeo")}

    assert set(policy(client.get("/en/"))["frame-src"]) == players


def test_a_kept_page_and_its_policy_are_the_same_for_every_visitor(visitor, demo, settings):
    settings.CLARION_PAGE_CACHE_SECONDS = 30
    first, second = visitor("/en/"), visitor("/en/")

    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    assert "nonce" not in first.text and second.text == first.text


def test_the_admin_gets_a_fresh_nonce_on_its_own_inline_scripts(client, demo, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))
    module_form = "/admin/snippets/layout/module/add/"  # page chooser, inline panel and date pickers

    nonces = []
    for _ in range(2):
        response = client.get(module_form)
        assert response.status_code == 200
        [nonce] = re.findall(r"'nonce-([^']+)'", response["Content-Security-Policy"])
        html = BeautifulSoup(response.content, "html.parser")
        inline = [s for s in html.find_all("script") if not s.get("src")
                  and s.get("type", "text/javascript") == "text/javascript" and (s.string or "").strip()]
        assert inline and all(script.get("nonce") == nonce for script in inline)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    assert "'unsafe-inline'" not in policy(response)["script-src"]
