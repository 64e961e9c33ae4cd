"""Pete throws everything at every public door: huge fields, control characters, NULs, bytes that are not
UTF-8, the wrong content type, fields twice or not at all, look-alike Unicode, garbled ESP reports with the
right password. Every answer is 2xx, 3xx or 4xx, never a server error; a refused request leaves no row
behind, and an accepted one leaves nothing half-written.

The Hypothesis layer is derandomised (the same examples on every run, no example database) and sized to
stay near a minute on a small machine.
"""

import base64
import importlib.util
import json
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.client import encode_multipart
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clarion.mail.models import OutboxMessage
from clarion.petitions.lookup import forget_petitions
from clarion.petitions.models import PetitionSettings, Signature
from clarion.petitions.refusals import addresses, meter
from clarion.spread import tokens as spread_tokens
from clarion.spread.models import Invitation, address_key
from clarion.supporters import tokens as supporter_tokens
from clarion.supporters import webhooks
from clarion.supporters.actions import notice_for
from tests.petitions.conftest import HUMAN_ELAPSED_MS, confirmed, make_petition
from tests.supporters.conftest import path_of

pytestmark = pytest.mark.django_db

SECRET = "esp:a-long-shared-secret"
BOUNDARY = "hostile-boundary"
# The keys that ESPs other than Postmark, SendGrid, Brevo … need before their webhook can check a post.
ESP_KEYS = {"MAILGUN_WEBHOOK_SIGNING_KEY": "key-mailgun", "MANDRILL_WEBHOOK_KEY": "key-mandrill",
            "POSTAL_WEBHOOK_KEY": "a2V5LXBvc3RhbA==", "UNISENDER_GO_API_KEY": "key-unisender",
            "MAILERSEND_SIGNING_SECRET": "key-mailersend"}
# ESPs whose webhook needs a package Clarion does not install: it answers 403 "not configured" until it is.
NEEDS_PACKAGE = {"amazon_ses": "boto3"}
HYPOTHESIS = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                             HealthCheck.data_too_large])


def webhook_paths():
    return [reverse(f"supporters:anymail:{pattern.name}") for pattern in webhooks.guarded_urlpatterns()]


def basic_auth(credentials=SECRET):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(credentials.encode()).decode()}


# --- Row bookkeeping ------------------------------------------------------------------------------------------

def _tables():
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
    return sorted({m._meta.db_table for m in models})


def row_counts():
    """Rows in every table of every model, in one query."""
    tables = _tables()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables))
        return dict(zip(tables, cursor.fetchone(), strict=True))


def changed(before, after):
    return {table: (before[table], after[table]) for table in before if before[table] != after[table]}


def half_written():
    """Rows that exist without the row written in the same step: a signature without its mail, an
    invitation without its message."""
    problems = []
    mailed = {m.context.get("arguments", {}).get("signature")
              for m in OutboxMessage.objects.filter(context__builder="petitions.signature")}
    problems += [f"signature {pk} has no mail" for pk in Signature.objects.filter(anonymised_at__isnull=True)
                 .exclude(pk__in=[pk for pk in mailed if pk]).values_list("pk", flat=True)]
    invited = set(OutboxMessage.objects.filter(template="spread/invitation").values_list("to", flat=True))
    problems += [f"invitation {pk} has no mail" for pk, email in Invitation.objects.filter(state="mailed")
                 .exclude(email="").values_list("pk", "email")
                 if email not in invited]
    return problems


def fresh_limits():
    """Each example starts with the limits and caches a new visitor meets."""
    cache.clear()
    meter.reset()
    addresses.reset()
    forget_petitions()


# --- What Pete sends --------------------------------------------------------------------------------------

TRICKS = [
    "\x00", "a\x00b", "\u202eevil", "\ufeff", "ｍｉｒｉａｍ＠ｅｘａｍｐｌｅ．ｏｒｇ", "miriam@exa\u0301mple.org",
    "Miriam\r\nBcc: victim@example.net", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "..\\..\\etc",
    "A\u0308", "\u212a", "ﬀ", "x@" + "a" * 250 + ".org", "@", "miriam@example.org, kaveh@example.net",
    "9" * 30, "-1", "1e309", "NaN", "\ud7ff\ue000", "\U0001f600" * 50,
]
# Lengths at and around the limits of fields (120, 254, 300, 500), of headers, and of a whole request body.
LENGTHS = [0, 1, 20, 119, 120, 121, 253, 254, 255, 299, 300, 301, 499, 500, 501, 4096, 1_048_577, 2_621_441]
text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(TRICKS),
    st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Mn", "Co"]), max_size=20),
    st.sampled_from(LENGTHS).map(lambda n: "x" * n),
)
# Bytes that are not UTF-8 (a lone continuation byte, an overlong encoding, a surrogate half).
raw = st.sampled_from([b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"abc\x80", b"\xfe\xff\x00"])
value = st.one_of(text, text, text, raw)


@st.composite
def hostile_fields(draw, valid):
    """The valid form with up to two fields dropped, doubled or replaced (so the rest still gets the request
    past validation, to the code behind it), and a stray field now and then."""
    names = sorted(valid)
    touched = draw(st.sets(st.sampled_from(names), min_size=1, max_size=2)) if names else set()
    pairs = []
    for name in names:
        goods = valid[name] if isinstance(valid[name], list) else [valid[name]]
        action = draw(st.sampled_from(["replace", "replace", "drop", "double", "keep"])) if name in touched else "keep"
        if action in ("keep", "double"):
            pairs += [(name, good) for good in goods]
        if action == "double":
            pairs.append((name, draw(value)))
        elif action == "replace":
            pairs += [(name, draw(value)) for _ in range(draw(st.integers(1, 3)))]
    if draw(st.booleans()):
        pairs.append((draw(st.text(min_size=1, max_size=10)), draw(value)))
    return pairs


def _text(item):
    return item.decode("latin-1") if isinstance(item, bytes) else item


def encode(pairs, kind):
    """(body, content type) of the fields, as a form, multipart, JSON, plain text or with no type at all."""
    if kind == "multipart":
        data = {}
        for name, item in pairs:
            data.setdefault(_text(name), []).append(_text(item))
        return encode_multipart(BOUNDARY, data), f"multipart/form-data; boundary={BOUNDARY}"
    if kind == "json":
        return json.dumps({_text(n): _text(v) for n, v in pairs}).encode(), "application/json"
    body = urlencode(pairs).encode()
    return body, {"form": "application/x-www-form-urlencoded", "text": "text/plain", "none": "",
                  "latin-1": "application/x-www-form-urlencoded; charset=latin-1",
                  "bogus-charset": "application/x-www-form-urlencoded; charset=no-such-charset"}[kind]


kinds = st.sampled_from(["form", "form", "form", "multipart", "json", "text", "none", "latin-1", "bogus-charset"])
origins = st.sampled_from([None, None, "http://testserver", "null", "https://evil.example", "http://testserver:81"])
client_ips = st.ip_addresses(v=4).map(str) | st.ip_addresses(v=6).map(str)


def post(client, path, body, content_type, ip, origin=None, **extra):
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    return client.generic("POST", path, body, content_type=content_type, REMOTE_ADDR=ip, **headers, **extra)


# --- The doors --------------------------------------------------------------------------------------------

@pytest.fixture
def petition(db):
    """An open petition, its settings row written already (the first read of the settings writes it)."""
    PetitionSettings.load()
    return make_petition()


@pytest.fixture
def doors(petition):
    """Every public form, with what a real visitor would post to it."""
    miriam = confirmed(petition, "miriam@example.org", opt_in=True)
    notice = notice_for("Yes, send me news of the Tamsin Valley campaign.")
    invitation = Invitation.objects.create(petition=petition, inviter=miriam.supporter, name="Kaveh",
                                           email="kaveh@example.net", address_key=address_key("kaveh@example.net"),
                                           state="mailed")
    OutboxMessage.objects.create(to=invitation.email, template="spread/invitation", text_body="Dear Kaveh")
    preferences = path_of(supporter_tokens.preferences_url(miriam.supporter))
    never = spread_tokens.never_url(invitation).split("testserver", 1)[-1]
    return {
        "sign": (petition.get_sign_url(), {
            "name": "Lena Okafor", "email": "lena@example.org", "country": "DE", "postal_code": "",
            "comment": "It matters.", "website": "", "elapsed": HUMAN_ELAPSED_MS, "opt_in": "on",
            "show_name": "on", "ref": miriam.supporter.referral_code, "src": "whatsapp", "utm_source": "news"}),
        "signup": ("/supporters/signup/", {"email": "lena@example.org", "name": "Lena", "website": "",
                                           "language": "en", "notice": notice.digest}),
        "invite": (f"/spread/invite/{spread_tokens.signer_token(miriam)}/", {
            "friend_name": ["Dariush", ""], "friend_email": ["dariush@example.net", "sara@example.net"],
            "note": "Please sign."}),
        "preferences": (preferences, {"subscribed": "no"}),
        "unsubscribe": (path_of(supporter_tokens.unsubscribe_url(miriam.supporter)),
                        {"List-Unsubscribe": "One-Click"}),
        "never": (never, {"List-Unsubscribe": "One-Click"}),
        "erase": (preferences + "erase/", {"confirm": "erase"}),
        "fresh_link": (preferences + "new-link/", {}),
    }


# One-click and fresh-link posts act on the link alone, whatever their body says.
READ_NOTHING = {"unsubscribe", "never", "fresh_link"}


@pytest.mark.parametrize("door", ["sign", "signup", "invite", "preferences", "unsubscribe", "never", "erase",
                                  "fresh_link"])
def test_hostile_posts_to_a_public_form_never_fail_and_never_half_write(doors, door):
    path, valid = doors[door]
    client = Client(raise_request_exception=False)
    answers = set()

    @HYPOTHESIS
    @given(fields=hostile_fields(valid), kind=kinds, ip=client_ips, origin=origins)
    def attempt(fields, kind, ip, origin):
        fresh_limits()
        body, content_type = encode(fields, kind)
        before = row_counts()
        answer = post(client, path, body, content_type, ip, origin)
        answers.add(answer.status_code // 100)
        assert answer.status_code < 500, (door, kind, fields[:5])
        if answer.status_code >= 400:
            assert changed(before, row_counts()) == {}, (door, answer.status_code, kind, fields[:5])
        assert half_written() == []

    attempt()
    # Pete got through the door, and was turned away where the door reads what he sent: else the examples
    # never reached the code behind it.
    assert {2, 3} & answers and (4 in answers or door in READ_NOTHING), answers


gets = st.lists(st.tuples(st.sampled_from(["ref", "src", "utm_source", "utm_campaign", "sent", "page", "p",
                                           "petition", "q", "format"]) | st.text(max_size=8), value),
                max_size=6)


def test_hostile_query_strings_on_public_pages_never_fail(doors, petition):
    miriam = Signature.objects.get(email="miriam@example.org")
    pages = [petition.url, f"/petitions/{petition.pk}/count.json", f"/petitions/{petition.pk}/thanks/",
             f"/petitions/{petition.pk}/check-your-email/", spread_tokens.thanks_path(miriam), "/sitemap.xml",
             "/feeds/news.rss", "/", "/supporters/signup/check-your-email/", doors["preferences"][0],
             doors["unsubscribe"][0], doors["never"][0]]
    client = Client(raise_request_exception=False)

    @HYPOTHESIS
    @given(page=st.sampled_from(pages), query=gets, ip=client_ips)
    def attempt(page, query, ip):
        fresh_limits()
        before = row_counts()
        answer = client.get(page, QUERY_STRING=urlencode(query), REMOTE_ADDR=ip)
        assert answer.status_code < 500, (page, query)
        assert changed(before, row_counts()) == {}, (page, query)

    attempt()


def test_hostile_tokens_in_links_never_fail(petition):
    client = Client(raise_request_exception=False)
    links = ["/petitions/confirm/{}/", "/supporters/signup/confirm/{}/", "/supporters/preferences/{}/",
             "/supporters/preferences/{}/my-data.json", "/supporters/unsubscribe/{}/", "/spread/impact/{}/",
             "/spread/never/{}/", f"/petitions/{petition.pk}/thanks/{{}}/"]
    tokens = st.one_of(st.text(st.characters(codec="ascii", exclude_characters="/?#%"), min_size=1, max_size=300),
                       st.text(min_size=1, max_size=40).filter(lambda t: "/" not in t and t.strip(".")))

    @HYPOTHESIS
    @given(link=st.sampled_from(links), token=tokens, method=st.sampled_from(["get", "post"]))
    def attempt(link, token, method):
        fresh_limits()
        before = row_counts()
        answer = getattr(client, method)(link.format(token))
        assert answer.status_code < 500, (link, token)
        assert changed(before, row_counts()) == {}, (link, token)

    attempt()


# --- ESP webhooks -----------------------------------------------------------------------------------------

MALFORMED = {
    "not JSON": (b"this is not json {", "application/json"),
    "empty": (b"", "application/json"),
    "not UTF-8": (b'{"RecordType": "Bounce", "Email": "\xff\xfe"}', "application/json"),
    "a form": (b"RecordType=Bounce&Email=kaveh%40example.org", "application/x-www-form-urlencoded"),
    "deeply nested": (b"[" * 100_000 + b"]" * 100_000, "application/json"),
    "huge": (b'{"Email": "' + b"x" * 3_000_000 + b'"}', "application/json"),
}
WRONG_SHAPE = {
    "a list of numbers": b"[1, 2, 3]", "a string": b'"bounce"', "null": b"null",
    "fields of the wrong type": json.dumps({"RecordType": ["Bounce"], "Email": {"a": 1}, "event": 5,
                                            "events": "x", "event-data": [], "Type": 7, "eventType": None,
                                            "mandrill_events": "[{]", "Message": 5}).encode(),
}


@pytest.fixture
def esp_configured(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, **ESP_KEYS}


@pytest.mark.parametrize("path", webhook_paths())
@pytest.mark.parametrize("body", sorted(MALFORMED))
def test_a_malformed_esp_report_with_the_right_password_is_refused_with_400(client, esp_configured, path, body):
    content, content_type = MALFORMED[body]
    before = row_counts()

    answer = client.post(path, content, content_type=content_type, **basic_auth())

    assert answer.status_code == expected_refusal(path), answer.content[:200]
    assert changed(before, row_counts()) == {}


def expected_refusal(path):
    esp = path.split("/anymail/", 1)[1].split("/", 1)[0]
    package = NEEDS_PACKAGE.get(esp)
    return 403 if package and importlib.util.find_spec(package) is None else 400


@pytest.mark.parametrize("path", webhook_paths())
@pytest.mark.parametrize("body", sorted(WRONG_SHAPE))
def test_an_esp_report_of_the_wrong_shape_is_never_a_server_error(client, esp_configured, path, body):
    before = row_counts()

    answer = client.post(path, WRONG_SHAPE[body], content_type="application/json", **basic_auth())

    assert answer.status_code < 500, answer.content[:200]
    assert changed(before, row_counts()) == {}


def test_an_esp_whose_keys_are_not_configured_says_so_instead_of_failing(client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    answer = client.post(reverse("supporters:anymail:mailgun_tracking_webhook"), b"{}",
                         content_type="application/json", **basic_auth())
    assert answer.status_code == 403


def test_only_delivery_reports_are_exposed_not_inbound_mail(client, esp_configured):
    with pytest.raises(NoReverseMatch):
        reverse("supporters:anymail:postmark_inbound_webhook")
    assert client.post("/supporters/webhooks/anymail/postmark/inbound/", b"{}", content_type="application/json",
                       **basic_auth()).status_code == 404
    assert len(webhook_paths()) >= 12 and all("tracking" in p or p.endswith("/mandrill/") for p in webhook_paths())


def test_a_well_formed_report_we_fail_to_record_is_a_500_so_the_esp_retries(client, esp_configured, monkeypatch):
    from django.db import OperationalError

    def database_down(*args, **kwargs):
        raise OperationalError("the database is down")

    monkeypatch.setattr(webhooks.actions, "record_bounce", database_down)
    bounce = {"RecordType": "Bounce", "Type": "HardBounce", "Email": "kaveh@example.org", "ID": 1,
              "MessageID": "x", "BouncedAt": "2026-11-05T16:33:54Z", "Description": "gone"}
    with pytest.raises(OperationalError):
        client.post("/supporters/webhooks/anymail/postmark/tracking/", json.dumps(bounce),
                    content_type="application/json", **basic_auth())


esp_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["RecordType", "Type", "Email", "event", "events", "email", "recipient", "event-data",
                         "mandrill_events", "Message", "MessageId", "reason", "timestamp", "msys", "data"])
        | st.text(max_size=8), children, max_size=5),
    max_leaves=12)


def test_random_esp_reports_with_the_right_password_are_never_a_server_error(esp_configured):
    client = Client(raise_request_exception=False)
    paths = webhook_paths()

    @HYPOTHESIS
    @given(path=st.sampled_from(paths), document=esp_json, kind=st.sampled_from(["json", "form", "bytes"]))
    def attempt(path, document, kind):
        body = json.dumps(document).encode() if kind != "bytes" else json.dumps(document).encode()[:-1] + b"\xff"
        content_type = "application/x-www-form-urlencoded" if kind == "form" else "application/json"
        before = row_counts()
        answer = client.post(path, body, content_type=content_type, **basic_auth())
        assert answer.status_code < 500, (path, document)
        if answer.status_code >= 400:
            assert changed(before, row_counts()) == {}

    attempt()
