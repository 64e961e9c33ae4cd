"""Settings an operator may change for supporters: environment variables (clarion/config/table.py), overridable in
Django settings."""

from django.utils.translation import gettext

from clarion.config import setting


def signup_confirm_days():
    """How long a sign-up confirmation link works."""
    return setting("CLARION_SIGNUP_CONFIRM_DAYS")


def signup_ip_limit():
    """Sign-up requests one IP address may make per hour; beyond it no mail is sent (the answer is the same)."""
    return setting("CLARION_SIGNUP_IP_LIMIT")


def signup_address_limit():
    """Confirmation e-mails one address may receive per day, whoever asks for them."""
    return setting("CLARION_SIGNUP_ADDRESS_LIMIT")


def data_link_days():
    """A preferences link older than this no longer downloads or erases data; a fresh link is e-mailed on request."""
    return setting("CLARION_SUPPORTERS_DATA_LINK_DAYS")


def change_link_days():
    """A preferences link older than this can still unsubscribe, but no longer asks to subscribe again."""
    return setting("CLARION_SUPPORTERS_CHANGE_LINK_DAYS")


def fresh_link_minutes():
    """At most one fresh preferences link per supporter in this many minutes."""
    return setting("CLARION_SUPPORTERS_FRESH_LINK_MINUTES")


def retention_months():
    """Supporters with no current opt-in and no signature on an open petition are erased this many months after
    their last activity; 0 keeps them forever."""
    return setting("CLARION_SUPPORTERS_RETENTION_MONTHS")


def retention_batch():
    """Supporters erased per run of the daily retention task, so one run stays short."""
    return setting("CLARION_SUPPORTERS_RETENTION_BATCH")


def preferences_notice():
    """The notice shown beside "Subscribe again" on the preferences page; recorded word for word."""
    return setting("CLARION_PREFERENCES_NOTICE") or gettext(
        "Yes, e-mail me about this campaign and others like it. I can unsubscribe at any time.")
