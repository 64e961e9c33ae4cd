"""An operator configures Clarion with environment variables only; the defaults need nothing installed."""

import pytest

from clarion import config


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CLARION_DATA_DIR", str(tmp_path))
    for name in ("SECRET_KEY", "DATABASE_URL", "EMAIL_URL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_secret_key_is_generated_once_and_kept(data_dir):
    first = config.secret_key()

    assert len(first) >= 50
    assert (data_dir / "secret_key").read_text().strip() == first
    assert (data_dir / "secret_key").stat().st_mode & 0o077 == 0
    assert config.secret_key() == first


def test_secret_key_from_the_environment_wins(data_dir, monkeypatch):
    config.secret_key()
    monkeypatch.setenv("SECRET_KEY", "operator-chosen-key")
    assert config.secret_key() == "operator-chosen-key"


def test_data_folder_is_created_when_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("CLARION_DATA_DIR", str(tmp_path / "new" / "folder"))
    assert config.data_dir().is_dir()


def test_default_database_is_sqlite_in_the_data_folder_tuned_for_concurrent_writers(data_dir):
    database = config.database()

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(data_dir / "clarion.sqlite3")
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert "busy_timeout" in database["OPTIONS"]["init_command"]
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_url_gives_persistent_postgres_connections(data_dir, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://clarion:s3cret@db.internal:5432/clarion")

    database = config.database()

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.internal", 5432, "clarion")
    assert (database["USER"], database["PASSWORD"]) == ("clarion", "s3cret")
    assert database["CONN_MAX_AGE"] > 0
    assert "transaction_mode" not in database.get("OPTIONS", {})


def test_email_url_configures_smtp(data_dir, monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "smtp://127.0.0.1:2525")

    email = config.email()

    assert email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (email["EMAIL_HOST"], email["EMAIL_PORT"]) == ("127.0.0.1", 2525)
    assert email["EMAIL_USE_TLS"] is False


def test_email_url_with_tls_and_credentials(data_dir, monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "submission://mailer:pa%40ss@mail.example.org:587")

    email = config.email()

    assert (email["EMAIL_HOST"], email["EMAIL_PORT"]) == ("mail.example.org", 587)
    assert (email["EMAIL_HOST_USER"], email["EMAIL_HOST_PASSWORD"]) == ("mailer", "pa@ss")
    assert email["EMAIL_USE_TLS"] is True


def test_without_email_url_mail_goes_to_the_log(data_dir):
    assert config.email() == {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}


def test_base_url_and_allowed_hosts_follow_the_public_address(monkeypatch):
    monkeypatch.setenv("CLARION_BASE_URL", "https://appeal.example.org/")
    monkeypatch.setenv("ALLOWED_HOSTS", "www.appeal.example.org, ")

    url = config.base_url(8000)

    assert url == "https://appeal.example.org"
    assert {"appeal.example.org", "www.appeal.example.org", "127.0.0.1"} <= set(config.allowed_hosts(url))


def test_hash_key_is_generated_once_apart_from_the_secret_key_and_can_be_listed_for_rotation(data_dir, monkeypatch):
    monkeypatch.delenv("CLARION_HASH_KEYS", raising=False)
    first = config.hash_keys()
    assert len(first) == 1 and len(first[0]) >= 50
    assert first[0] != config.secret_key()
    assert (data_dir / "hash_key").stat().st_mode & 0o077 == 0
    assert config.hash_keys() == first
    monkeypatch.setenv("CLARION_HASH_KEYS", "new-key, old-key")
    assert config.hash_keys() == ["new-key", "old-key"]
