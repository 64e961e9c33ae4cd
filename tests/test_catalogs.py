"""The interface catalogs (locale/<language>/LC_MESSAGES) are complete: every string the code and templates mark for
translation is in each language's catalog, translated, not fuzzy, with the same placeholders and markup as the
English, the plural forms the language needs, and a compiled .mo that says the same as the .po.

The strings are extracted afresh from the source with Django's makemessages into a scratch folder, so a string
added without a translation turns this red (README: *Adding a language* says how to bring a catalog up to date).
"""

import os
import re
import shutil
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from clarion.config.table import LANGUAGE_CODES

TRANSLATED = [code for code in LANGUAGE_CODES if code != "en"]


def plural_forms(code):
    """The language's gettext plural rule, as Django's own catalog for it states it: (nplurals, expression)."""
    header = polib.pofile(str(Path(django.__file__).parent / "conf" / "locale" / code / "LC_MESSAGES" /
                              "django.po")).metadata["Plural-Forms"]
    return rule(header)


def rule(header):
    nplurals, expression = header.replace(" ", "").rstrip(";").split(";", 1)
    expression = expression.removeprefix("plural=")
    while expression.startswith("(") and expression.endswith(")"):
        expression = expression[1:-1]
    return int(nplurals.removeprefix("nplurals=")), expression


# What must come through a translation unchanged: printf and brace placeholders, markup, entities.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}|<[^>]+>|&\w+;")
# Folders makemessages must not read (tests, tools and third-party code speak to no user).
IGNORED = ["node_modules", "tests", "bench", "deploy", "docs", "var", "staticfiles", "locale"]
# Where the marked strings live (what `make messages` reads, less the folders above).
SOURCE = ["clarion", "templates", "static"]


def catalog(code, name="django.po"):
    return settings.BASE_DIR / "locale" / code / "LC_MESSAGES" / name


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The strings the source marks today, per language, as makemessages writes them for a new catalog."""
    if not shutil.which("xgettext"):
        if os.environ.get("CLARION_REQUIRE_GETTEXT"):
            pytest.fail("GNU gettext (xgettext) is required here (CLARION_REQUIRE_GETTEXT) and missing")
        pytest.skip("GNU gettext is not installed (apt-get install gettext); .ci/run installs it")
    # makemessages writes beside the nearest locale/ folder, so it reads the source through links from a
    # scratch folder of its own: the committed catalogs are never touched.
    scratch = tmp_path_factory.mktemp("source")
    for folder in SOURCE:
        (scratch / folder).symlink_to(settings.BASE_DIR / folder)
    (scratch / "locale").mkdir()
    here = os.getcwd()
    os.chdir(scratch)
    try:
        with override_settings(LOCALE_PATHS=[scratch / "locale"]):
            call_command("makemessages", locale=TRANSLATED, ignore_patterns=IGNORED, verbosity=0, no_obsolete=True,
                         symlinks=True)
    finally:
        os.chdir(here)
    return {code: polib.pofile(str(scratch / "locale" / code / "LC_MESSAGES" / "django.po")) for code in TRANSLATED}


def key(entry):
    return entry.msgctxt, entry.msgid, entry.msgid_plural


def forms(entry):
    return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)] if entry.msgid_plural else [
        entry.msgstr]


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_catalog_holds_every_marked_string(code, extracted):
    committed = {key(entry) for entry in polib.pofile(str(catalog(code))) if not entry.obsolete}
    missing = [entry.msgid for entry in extracted[code] if key(entry) not in committed]
    assert not missing, f"{len(missing)} strings missing from {code}'s catalog, e.g. {missing[:5]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_each_string_is_translated_with_the_same_placeholders(code):
    po = polib.pofile(str(catalog(code)))
    nplurals, _expression = plural_forms(code)
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(("fuzzy", entry.msgid))
        translations = forms(entry)
        if entry.msgid_plural and len(translations) != nplurals:
            problems.append((f"{len(translations)} plural forms, not {nplurals}", entry.msgid))
        for index, text in enumerate(translations):
            if not text.strip():
                problems.append(("untranslated", entry.msgid))
                continue
            source = entry.msgid_plural if entry.msgid_plural and index else entry.msgid
            wanted = sorted(PLACEHOLDER.findall(source))
            if entry.msgid_plural:  # a form for one may leave the number out; it may not invent or lose others
                wanted = sorted(set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural)))
                found = sorted(set(PLACEHOLDER.findall(text)))
                if not set(found) <= set(wanted):
                    problems.append((f"placeholders {found} not among {wanted}", entry.msgid))
            elif sorted(PLACEHOLDER.findall(text)) != wanted:
                problems.append((f"placeholders {sorted(PLACEHOLDER.findall(text))} for {wanted}", entry.msgid))
            if source.endswith("\n") != text.endswith("\n"):
                problems.append(("line ending differs", entry.msgid))
    assert not problems, f"{len(problems)} problems in {code}'s catalog: {problems[:8]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_plural_rule_is_the_languages(code):
    """Persian has two forms (one for 0 and 1), Arabic six (zero, one, two, few, many, other): as Django says."""
    assert rule(polib.pofile(str(catalog(code))).metadata["Plural-Forms"]) == plural_forms(code)


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalog_says_what_the_source_says(code):
    source = {key(entry): forms(entry) for entry in polib.pofile(str(catalog(code)))
              if not entry.obsolete and "fuzzy" not in entry.flags}
    compiled = {key(entry): forms(entry) for entry in polib.mofile(str(catalog(code, "django.mo"))) if entry.msgid}
    assert compiled == source, f"locale/{code}/LC_MESSAGES/django.mo is stale: run `make messages`"


def test_pages_speak_the_catalogs_language():
    """The catalogs are really loaded: a string of Clarion's own comes out in Persian and Arabic."""
    from django.utils import translation

    with translation.override("en"):
        english = str(translation.gettext("Sign the petition"))
    for code in TRANSLATED:
        with translation.override(code):
            assert str(translation.gettext("Sign the petition")) != english, code
