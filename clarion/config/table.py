"""Every environment variable Clarion reads: name, kind, default and meaning. Nothing else reads os.environ
(tests/test_settings_table.py checks), start-up refuses a bad value (clarion.config.check_environment), and the
README's configuration table is printed from here (`python -m clarion.config --update README.md`)."""

from clarion.config.kinds import Choice, Email, List, Network, Number, Pairs, Setting, Text, TimeZone, Url, YesNo

DATABASE_SCHEMES = ("postgres", "postgresql", "pgsql", "postgis", "sqlite", "mysql", "spatialite")
EMAIL_SCHEMES = ("smtp", "smtps", "submission", "submit", "console", "file", "memory", "dummy")
SECONDS = "seconds"
# Languages with complete catalogs in locale/ (README: adding a language).
LANGUAGE_CODES = ("en", "fa", "ar")
HOSTS = (
    Setting("DATABASE_URL", Url(*DATABASE_SCHEMES, host=False, expected="a database URL such as "
                                "postgres://user@127.0.0.1:5432/clarion or sqlite:////srv/clarion.sqlite3"),
            None, "the database: PostgreSQL when more than one host serves the site",
            shown="SQLite in `var/clarion.sqlite3` (WAL)"),
    Setting("REDIS_URL", Url("redis", "rediss", "unix", host=False), None,
            "e.g. `redis://127.0.0.1:6379/0`: Redis for the cache, sessions, rate limits and the task queue",
            shown="unset: local-memory cache, tasks in the database"),
    Setting("EMAIL_URL", Url(*EMAIL_SCHEMES, host=False, expected="a mail URL such as smtp://127.0.0.1:2525 or "
                             "submission://user:pass@host:587"), None,
            "how mail leaves: SMTP (`submission://` uses STARTTLS, `smtps://` TLS) or another backend dj-email-url "
            "knows",
            shown="unset: mail is printed to the log"),
    Setting("CLARION_BASE_URL", Url("http", "https"), None, "public address, used in links and e-mails",
            shown="`http://127.0.0.1:$PORT`"),
    Setting("CLARION_EXTRA_ORIGINS", List(Url("http", "https", origin=True)), [],
            "other sites (e.g. `https://partner.example.net`) whose pages may post the public forms; every "
            "other origin, `null` included, is refused"),
    Setting("ALLOWED_HOSTS", List(), [], "extra host names", shown="the host of `CLARION_BASE_URL`, localhost"),
    Setting("PORT", Number(1, 65535), 8000, "where `make run` serves"),
    Setting("DEBUG", YesNo(), False, "never on in production"),
    Setting("CLARION_DATA_DIR", Text(), None, "database, uploads, collected static files, secret keys",
            shown="`var/`"),
    Setting("WEB_CONCURRENCY", Number(1), None, "web server processes (`make run`, deploy/gunicorn.conf.py)",
            shown="one per CPU"),
    Setting("CLARION_BIND", Text(r"\S+:\d+", "host:port"), "127.0.0.1:8000",
            "where gunicorn listens on a web host (deploy/gunicorn.conf.py)"),
    Setting("CLARION_THREADS", Number(1), 4, "threads per gunicorn process on a web host (deploy/gunicorn.conf.py)"),
)
ORGANISATION = (
    Setting("CLARION_SITE_NAME", Text(), "Clarion",
            "the organisation's name when neither *Settings → Organisation* nor the site's name (*Settings → "
            "Sites*) gives one: mail sender, header, sign-off, page titles"),
    Setting("DEFAULT_FROM_EMAIL", Email(), "campaigns@localhost",
            "sender address of every message when *Settings → Organisation* leaves it blank (a name in it is not "
            "used: mail goes out under the organisation's name)"),
    Setting("CLARION_REPLY_TO", Email(), "",
            "where replies go when *Settings → Organisation* leaves it blank (else to the sender address)"),
    Setting("CLARION_POSTAL_ADDRESS", Text(), "",
            "the postal address at the foot of every e-mail when *Settings → Organisation* leaves it blank"),
    Setting("CLARION_LANGUAGE", Choice(*LANGUAGE_CODES), "en",
            "the default language: the admin's, the root address's when a visitor's browser asks for none of the "
            "site's, and every mail's whose reader chose a language the site no longer speaks"),
    Setting("CLARION_LANGUAGES", List(Choice(*LANGUAGE_CODES)), list(LANGUAGE_CODES),
            "the languages the site speaks, each under its own address prefix (`/fa/`); `fa` and `ar` are "
            "right-to-left. The default language is always among them"),
    Setting("TIME_ZONE", TimeZone(), "UTC", "the time zone dates are shown in, in the admin and on the site"),
    Setting("CLARION_ADMIN_EMAIL", Email(), "",
            "the e-mail address of the administrator `make run` creates on its first start",
            shown="asked at a terminal"),
)
SECURITY = (
    Setting("SECRET_KEY", Text(), None, "keep it secret; never commit it", shown="generated once into "
            "`var/secret_key`", secret=True),
    Setting("SECRET_KEY_FALLBACKS", List(), [],
            "older secret keys that still open links mailed before a `SECRET_KEY` rotation", secret=True),
    Setting("CLARION_HASH_KEYS", List(), [],
            "keys of the keyed hashes of personal data, newest first; to rotate, put a new key first, run `make "
            "manage ARGS=rehash_personal_data`, and drop the old key once it reports no anonymised signatures on "
            "open petitions still under it; keep them out of database backups ([docs/security.md]"
            "(docs/security.md))", shown="generated once into `var/hash_key`", secret=True),
    Setting("CLARION_BEHIND_TLS_PROXY", YesNo(), False,
            "behind a proxy that terminates TLS (deploy/nginx): trust its `X-Forwarded-Proto`, redirect plain HTTP "
            "to HTTPS, send HSTS, secure cookies"),
    Setting("CLARION_HSTS_SECONDS", Number(0, unit=SECONDS), 31536000,
            "how long browsers must use only HTTPS, with `CLARION_BEHIND_TLS_PROXY` (start lower while trying TLS "
            "out)"),
    Setting("CLARION_HSTS_SUBDOMAINS", YesNo(), True, "the HSTS header covers subdomains too"),
    Setting("CLARION_HSTS_PRELOAD", YesNo(), True, "the HSTS header asks browsers to preload the rule"),
    Setting("CLARION_SERVE_MEDIA", YesNo(), True,
            "serve uploaded images under `/media/` from Django; off when nginx serves them"),
    Setting("CLARION_DOCUMENTS_ACCEL_PREFIX", Text(r"/\S*", "a path starting with /"), "",
            "nginx's internal location for documents (e.g. `/private-media/`): Wagtail's view checks who may have "
            "one, nginx sends it", shown="unset: Django streams documents"),
    Setting("CLARION_TRUSTED_PROXIES", List(Network()), [],
            "proxies (IPs/CIDRs) whose `X-Forwarded-For` gives the client IP"),
    Setting("CLARION_WEBHOOK_SECRET", Text(r"[^:]+:.+", "user:password"), "",
            "`user:password` your ESP sends to the bounce webhooks", shown="unset: webhooks refused", secret=True),
    Setting("CLARION_LOGIN_FAILURE_LIMIT", Number(1), 5,
            "failed admin sign-ins for one username from one client address (an IPv6 /64 is one) before signing "
            "in is paused for that pair"),
    Setting("CLARION_LOGIN_COOLOFF_MINUTES", Number(1, unit="minutes"), 15,
            "how long the pause lasts; each failure during it starts it again; *Settings → Sign-in lockouts* "
            "lifts it sooner"),
    Setting("CLARION_REQUIRE_2FA", YesNo(), False,
            "everyone who works in the admin must use two-factor sign-in; without it set up, they reach only the "
            "set-up page"),
    Setting("CLARION_2FA_THROTTLE_SECONDS", Number(1, unit=SECONDS), 1,
            "after a wrong sign-in code the next waits this long, doubling with every further wrong code"),
)
RUNNING = (
    Setting("CLARION_SCHEDULE_INTERVAL", Number(1, unit=SECONDS), 60,
            "how often the scheduler looks for modules and pages whose publish window opens or closes"),
    Setting("CLARION_LEASE_SECONDS", Number(1, whole=False, unit=SECONDS), 20,
            "work a worker holds (an outbox message, a batch of alert deliveries, a periodic task's run) is renewed "
            "every quarter of this while the worker lives; work not renewed for this long is taken back and done "
            "again by another worker"),
    Setting("CLARION_PUBLIC_CACHE_SECONDS", Number(0, unit=SECONDS), 60,
            "how long browsers and proxies may keep anonymous pages"),
    Setting("CLARION_PAGE_CACHE_SECONDS", Number(0, unit=SECONDS), 10,
            "how long the server answers cookie-less visitors from one render (0: off)"),
    Setting("LOG_LEVEL", Choice("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", upper=True), "INFO",
            "the least severe log lines written"),
    Setting("TASKS_LOG_LEVEL", Choice("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", upper=True), "WARNING",
            "the least severe lines the task framework logs (the worker itself logs at INFO)"),
    Setting("CLARION_TASK_LOG", Choice("count", "each"), "count",
            "`each`: the worker logs every task run (`make run V=1` sets it); `count`: a count a minute"),
)
PETITIONS = (
    Setting("CLARION_COUNT_INTERVAL", Number(1, unit=SECONDS), 5,
            "seconds between counting rounds (how stale a count may be)"),
    Setting("CLARION_COUNT_CACHE_SECONDS", Number(0, unit=SECONDS), 5,
            "how long browsers and proxies may keep the public count document"),
    Setting("CLARION_PETITION_CACHE_SECONDS", Number(0, whole=False, unit=SECONDS), 2,
            "how long each process keeps a petition it looked up for signing"),
    Setting("CLARION_SIGN_FULL_REFUSALS_PER_SECOND", Number(0), 10,
            "refused signing posts per second and process that get the form back; beyond, a short page says what "
            "was wrong"),
    Setting("CLARION_SIGN_REFUSALS_PER_ADDRESS", Number(1), 20,
            "refused signing posts per client address per minute, counted by each web process; beyond, 429 until "
            "the minute is over, before the post is read"),
    Setting("CLARION_EMAIL_DOMAIN_ALIASES", Pairs(), {},
            "more `alias=domain` pairs whose addresses count as one signer (`googlemail.com=gmail.com` always "
            "does)"),
)
MAIL = (
    Setting("CLARION_OUTBOX_MAX_ATTEMPTS", Number(1), 8, "delivery attempts of one message before it is given up"),
    Setting("CLARION_MAIL_SWEEP_INTERVAL", Number(1, unit=SECONDS), 5,
            "seconds between outbox sweeps (retries, lost wake-ups)"),
    Setting("CLARION_MAIL_ROUND_SECONDS", Number(1, unit=SECONDS), 10,
            "the longest one delivery round runs before it yields the worker to other tasks"),
    Setting("CLARION_MAIL_RETENTION_DAYS", Number(0, unit="days"), 30,
            "sent and given-up outbox messages keep only status, dates and template after this (0: kept whole); "
            "see [docs/privacy.md](docs/privacy.md)"),
    Setting("CLARION_MAIL_RETENTION_BATCH", Number(1), 1000,
            "messages emptied per statement, so the purge never holds the database's write lock for long"),
)
SPREAD = (
    Setting("CLARION_INVITE_MAX_PER_REQUEST", Number(0), 10, "addresses one invitation form may carry"),
    Setting("CLARION_INVITE_MAX_PER_SIGNER", Number(0), 25,
            "invitations one signer may send in 24 hours (every address asked for counts, mailed or not)"),
    Setting("CLARION_INVITE_MAX_PER_IP", Number(0), 50, "invitations one IP address may send in 24 hours"),
    Setting("CLARION_INVITE_MAX_PER_DAY", Number(0), 5000, "invitations the whole site may send in 24 hours"),
    Setting("CLARION_INVITE_REPEAT_DAYS", Number(0, unit="days"), 30,
            "an address invited this recently is not invited again"),
    Setting("CLARION_INVITE_NOTE_MAX", Number(0, unit="characters"), 300, "length of an invitation's personal note"),
    Setting("CLARION_INVITE_RETENTION_DAYS", Number(1, unit="days"), 30,
            "days an invitee's name and address, the note and the sender's IP key are kept; afterwards only keyed "
            "hashes (the per-IP limit needs a whole day)"),
    Setting("CLARION_SIGNER_LINK_DAYS", Number(0, unit="days"), 90,
            "how long a signer's private thank-you link works; an expired one offers fresh links by e-mail"),
    Setting("CLARION_IMPACT_LINK_DAYS", Number(0, unit="days"), 90,
            "how long a signer's private impact link works; an expired one offers a fresh one by e-mail"),
    Setting("CLARION_FRESH_LINKS_PER_DAY", Number(0), 2, "fresh-link e-mails one supporter may be sent in 24 hours"),
)
SUPPORTERS = (
    Setting("CLARION_SIGNUP_CONFIRM_DAYS", Number(0, unit="days"), 7,
            "how long a sign-up (or subscribe-again) confirmation link works"),
    Setting("CLARION_SIGNUP_IP_LIMIT", Number(0), 20,
            "sign-up requests one IP address may make per hour; beyond it no mail is sent (the answer is the same)"),
    Setting("CLARION_SIGNUP_ADDRESS_LIMIT", Number(0), 3,
            "confirmation e-mails one address may receive per day, whoever asks for them"),
    Setting("CLARION_SUPPORTERS_DATA_LINK_DAYS", Number(0, unit="days"), 30,
            "age after which a preferences link no longer downloads or erases data"),
    Setting("CLARION_SUPPORTERS_CHANGE_LINK_DAYS", Number(0, unit="days"), 90,
            "age after which a preferences link can only lower what we send (unsubscribe), no longer ask to "
            "subscribe again"),
    Setting("CLARION_SUPPORTERS_FRESH_LINK_MINUTES", Number(0, unit="minutes"), 10,
            "at most one fresh preferences link per supporter in this long"),
    Setting("CLARION_SUPPORTERS_RETENTION_MONTHS", Number(0, unit="months"), 24,
            "quiet supporters without an opt-in are erased after this (0: never)"),
    Setting("CLARION_SUPPORTERS_RETENTION_BATCH", Number(1), 500,
            "supporters erased per run of the daily retention task, so one run stays short"),
    Setting("CLARION_PREFERENCES_NOTICE", Text(), "",
            "the notice beside \"Subscribe again\" on the preferences page, recorded word for word with each consent",
            shown="a standard sentence, translated"),
)
ALERTS = (
    Setting("CLARION_ALERTS_THROTTLE", Number(0), 0,
            "messages per minute across all workers for one mailing (0: as fast as possible)"),
    Setting("CLARION_ALERTS_FREQUENCY_CAP", Number(0), 1,
            "mailings one supporter may receive within the window below (0: no cap)"),
    Setting("CLARION_ALERTS_FREQUENCY_HOURS", Number(0, whole=False, unit="hours"), 24,
            "the length of that window"),
    Setting("CLARION_ALERTS_BATCH_SIZE", Number(1), 200,
            "deliveries a worker claims at once (the duplicate bound per crashed worker)"),
    Setting("CLARION_ALERTS_SENDERS", Number(1), 2, "sending tasks started in parallel for one mailing"),
    Setting("CLARION_ALERTS_CONNECTIONS", Number(1), 2, "SMTP connections (threads) each sending task keeps open"),
    Setting("CLARION_ALERTS_TASK_SECONDS", Number(1, whole=False, unit=SECONDS), 240,
            "how long one sending task runs before it hands over to a fresh one"),
    Setting("CLARION_ALERTS_CONFIRM_MARGIN", Number(0, whole=False), 1,
            "percent by which the recipients may differ from the number confirmed for \"Send now\" before the "
            "confirmation is shown again, with the new number, instead of sending (0: any change)"),
)
WEBHOOKS = (
    Setting("CLARION_WEBHOOKS_ALLOW_PRIVATE", YesNo(), False,
            "let webhooks go to private, loopback and link-local addresses (on with `DEBUG`); off in production, "
            "so a webhook cannot reach the servers behind the firewall"),
    Setting("CLARION_WEBHOOKS_TIMEOUT", Number(0.1, whole=False, unit=SECONDS), 5,
            "how long one webhook delivery waits for the receiver's answer"),
    Setting("CLARION_WEBHOOKS_DISABLE_FAILURES", Number(1), 10,
            "failed deliveries in a row after which an endpoint may be disabled…"),
    Setting("CLARION_WEBHOOKS_DISABLE_HOURS", Number(0, whole=False, unit="hours"), 6,
            "…once it has been failing this long; the admins who manage webhooks are e-mailed"),
)

SETTINGS = HOSTS + ORGANISATION + SECURITY + RUNNING + PETITIONS + MAIL + SPREAD + SUPPORTERS + ALERTS + WEBHOOKS
DECLARED = {setting.name: setting for setting in SETTINGS}
