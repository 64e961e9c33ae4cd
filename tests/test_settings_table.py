"""Orla the operator configures Clarion from one declared table: every variable it reads is there with its kind,
default and meaning, the README shows that same table, and a value that does not fit stops the start with one
message that names the variable, what was given and what would do."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from clarion import config
from clarion.config import BadEnvironment, env, setting
from clarion.config.readme import block, current
from clarion.config.table import DECLARED, SETTINGS

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*sorted((ROOT / "clarion").rglob("*.py")), ROOT / "manage.py", *sorted((ROOT / "deploy").rglob("*.py"))]
# A variable read by name: os.environ.get("X"), os.environ["X"], os.getenv("X"), env("X"), setting("X"), conf.get("X").
READ = re.compile(r"""(?:os\.environ\.get|os\.environ\[|getenv|\benv|\bsetting|conf\.get)\(?\s*"""
                  r"""["']([A-Z][A-Z0-9_]+)["']""")
DIRECT = re.compile(r"os\.environ\.get|os\.environ\[|getenv\(|from os import [^\n]*environ")
TABLE = ROOT / "clarion" / "config" / "table.py"


def source(path):
    return path.read_text(encoding="utf-8")


def test_the_readme_shows_the_declared_table():
    shown = current(source(ROOT / "README.md"))

    assert shown is not None, "README.md has lost its settings-table markers"
    assert shown == block(), "README.md's table differs: run `python -m clarion.config --update README.md`"


def test_every_variable_read_anywhere_is_declared():
    read = {(name, path.relative_to(ROOT)) for path in SOURCES for name in READ.findall(source(path))}
    env_file = source(ROOT / "deploy" / "clarion.env.example")
    read |= {(name, "deploy/clarion.env.example") for name in re.findall(r"^([A-Z][A-Z0-9_]+)=", env_file, re.M)}

    assert {name for name, _ in read} >= {"DATABASE_URL", "CLARION_TASK_LOG", "CLARION_BIND"}
    assert [(name, str(where)) for name, where in sorted(read, key=str) if name not in DECLARED] == []


def test_the_sample_environment_file_holds_values_that_start(monkeypatch):
    for line in source(ROOT / "deploy" / "clarion.env.example").splitlines():
        if line and not line.startswith("#"):
            name, value = line.split("=", 1)
            monkeypatch.setenv(name, value)

    config.check_environment()


def test_only_the_config_package_reads_the_environment():
    config_package = ROOT / "clarion" / "config"
    readers = [str(path.relative_to(ROOT)) for path in SOURCES
               if path.is_relative_to(ROOT / "clarion") and not path.is_relative_to(config_package)
               and DIRECT.search(source(path))]

    assert readers == []


def test_every_declared_variable_is_read_somewhere():
    text = "\n".join(source(path) for path in SOURCES if path != TABLE)

    assert [s.name for s in SETTINGS if f'"{s.name}"' not in text] == []


def test_each_declared_variable_has_a_meaning_and_a_default_of_its_kind():
    assert len(DECLARED) == len(SETTINGS), "a variable is declared twice"
    for declared in SETTINGS:
        assert declared.meaning.strip(), declared.name
        if declared.default not in (None, "", [], {}) and not declared.shown:
            default = declared.default
            raw = ",".join(map(str, default)) if isinstance(default, list) else str(default)
            assert declared.kind.parse(raw) == default, declared.name


@pytest.mark.parametrize(("name", "given", "value"), [
    ("CLARION_MAIL_RETENTION_DAYS", " 0 ", 0),
    ("DEBUG", "Yes", True),
    ("CLARION_SERVE_MEDIA", "off", False),
    ("CLARION_PETITION_CACHE_SECONDS", "0.5", 0.5),
    ("CLARION_EXTRA_ORIGINS", "https://partner.example.net/, ,http://127.0.0.1:8001",
     ["https://partner.example.net", "http://127.0.0.1:8001"]),
    ("CLARION_TRUSTED_PROXIES", "10.0.0.10, 2001:db8::/32", ["10.0.0.10", "2001:db8::/32"]),
    ("CLARION_EMAIL_DOMAIN_ALIASES", "gmx.net=gmx.de", {"gmx.net": "gmx.de"}),
    ("LOG_LEVEL", "debug", "DEBUG"),
    ("TIME_ZONE", "Europe/Paris", "Europe/Paris"),
])
def test_a_value_is_read_as_its_kind(monkeypatch, name, given, value):
    monkeypatch.setenv(name, given)
    assert env(name) == value


def test_unset_or_blank_gives_the_default(monkeypatch):
    monkeypatch.delenv("CLARION_ALERTS_BATCH_SIZE", raising=False)
    assert env("CLARION_ALERTS_BATCH_SIZE") == 200
    monkeypatch.setenv("CLARION_ALERTS_BATCH_SIZE", "  ")
    assert env("CLARION_ALERTS_BATCH_SIZE") == 200


@pytest.mark.parametrize(("name", "given", "expected"), [
    ("CLARION_MAIL_RETENTION_DAYS", "abc", "a whole number of days, 0 or more"),
    ("CLARION_ALERTS_SENDERS", "-2", "a whole number, 1 or more"),
    ("PORT", "70000", "a whole number from 1 to 65535"),
    ("CLARION_ALERTS_FREQUENCY_HOURS", "nan", "a number of hours, 0 or more"),
    ("CLARION_PETITION_CACHE_SECONDS", "inf", "a number of seconds, 0 or more"),
    ("DEBUG", "maybe", "yes or no"),
    ("CLARION_BASE_URL", "appeal.example.org", "a URL starting http:// or https://"),
    ("REDIS_URL", "redis://cache:port/0", "a URL starting redis://"),
    ("CLARION_EXTRA_ORIGINS", "https://partner.example.net/widget",
     "a comma-separated list, each item an origin starting http:// or https:// ('https://partner.example.net/widget'"),
    ("CLARION_TRUSTED_PROXIES", "10.0.0.10,nginx-host", "a comma-separated list, each item an IP address or range "
     "such as 10.0.0.0/8 ('nginx-host' is not)"),
    ("CLARION_EMAIL_DOMAIN_ALIASES", "gmx.net", "comma-separated name=value pairs"),
    ("DEFAULT_FROM_EMAIL", "campaigns at example.org", "an e-mail address"),
    ("TIME_ZONE", "Mars/Olympus", "a time zone name"),
    ("CLARION_TASK_LOG", "all", "one of count, each"),
])
def test_a_value_that_does_not_fit_is_refused_by_name(monkeypatch, name, given, expected):
    monkeypatch.setenv(name, given)

    with pytest.raises(BadEnvironment) as refusal:
        env(name)

    assert str(refusal.value).startswith(f"{name}={given!r} is not valid: expected {expected}")


def test_a_refused_url_does_not_print_its_password(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "oracle-ish://clarion:s3cret@db.internal/clarion")

    with pytest.raises(BadEnvironment) as refusal:
        env("DATABASE_URL")

    assert "s3cret" not in str(refusal.value) and "clarion:***@db.internal" in str(refusal.value)


def test_a_refused_secret_is_not_repeated(monkeypatch):
    monkeypatch.setenv("CLARION_WEBHOOK_SECRET", "hunter2-without-colon")

    with pytest.raises(BadEnvironment) as refusal:
        env("CLARION_WEBHOOK_SECRET")

    assert str(refusal.value) == ("CLARION_WEBHOOK_SECRET (value not shown: it is a secret) is not valid: "
                                  "expected user:password.")


def test_an_undeclared_variable_cannot_be_read():
    with pytest.raises(LookupError, match="CLARION_UNHEARD_OF is read but not declared"):
        env("CLARION_UNHEARD_OF")


def test_django_settings_override_the_environment_at_use(settings, monkeypatch):
    monkeypatch.setenv("CLARION_MAIL_RETENTION_DAYS", "12")
    assert setting("CLARION_MAIL_RETENTION_DAYS") == 12
    settings.CLARION_MAIL_RETENTION_DAYS = 3
    assert setting("CLARION_MAIL_RETENTION_DAYS") == 3


def test_every_bad_value_is_named_in_one_message(monkeypatch):
    monkeypatch.setenv("CLARION_MAIL_RETENTION_DAYS", "abc")
    monkeypatch.setenv("PORT", "-1")

    with pytest.raises(BadEnvironment) as refusal:
        config.check_environment()

    assert "PORT='-1'" in str(refusal.value) and "CLARION_MAIL_RETENTION_DAYS='abc'" in str(refusal.value)


def manage_check(tmp_path, **variables):
    environment = {"PATH": "/usr/bin:/bin", "CLARION_DATA_DIR": str(tmp_path), "SECRET_KEY": "x" * 50,
                   "DJANGO_SETTINGS_MODULE": "clarion.settings", **variables}
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), "check"], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("name", "given", "expected"), [
    ("CLARION_MAIL_RETENTION_DAYS", "abc", "expected a whole number of days, 0 or more."),
    ("CLARION_SUPPORTERS_RETENTION_MONTHS", "-6", "expected a whole number of months, 0 or more."),
    ("CLARION_BASE_URL", "https//appeal.example.org", "expected a URL starting http:// or https://."),
])
def test_a_bad_value_stops_manage_py_with_one_clear_message(tmp_path, name, given, expected):
    started = manage_check(tmp_path, **{name: given})

    assert started.returncode == 1
    assert started.stderr.strip() == f"Clarion cannot start: {name}={given!r} is not valid: {expected}"
    assert "Traceback" not in started.stderr + started.stdout


def test_good_values_start(tmp_path):
    started = manage_check(tmp_path, CLARION_MAIL_RETENTION_DAYS="0", DEBUG="no",
                           CLARION_BASE_URL="https://appeal.example.org")

    assert started.returncode == 0, started.stderr
    assert "no issues" in started.stdout
