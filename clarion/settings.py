"""Clarion settings: everything an operator changes comes from environment variables (see config.py)."""

from datetime import timedelta

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from clarion import config
from clarion.config import BASE_DIR, env
from clarion.core.inline import SCRIPT_HASHES

# A bad value stops every start (manage.py, gunicorn, the worker) here, with one message naming it.
config.check_environment()
DATA_DIR = config.data_dir()
SECRET_KEY = config.secret_key()
# Older keys that still open links mailed before a rotation (comma-separated), until those links expire.
SECRET_KEY_FALLBACKS = env("SECRET_KEY_FALLBACKS")
# Keys of the keyed hashes of personal data (clarion.core.keyed), newest first.
CLARION_HASH_KEYS = config.hash_keys()
DEBUG = env("DEBUG")
PORT = env("PORT")
CLARION_BASE_URL = config.base_url(PORT)
WAGTAILADMIN_BASE_URL = CLARION_BASE_URL
ALLOWED_HOSTS = config.allowed_hosts(CLARION_BASE_URL)
CSRF_TRUSTED_ORIGINS = [CLARION_BASE_URL]
# Other sites whose pages may post Clarion's public forms (the embeddable widget's hosts), comma-separated
# origins such as https://partner.example.net; every other origin's post is refused (clarion.core.origin).
CLARION_EXTRA_ORIGINS = env("CLARION_EXTRA_ORIGINS")

INSTALLED_APPS = [
    "clarion.core",
    "clarion.organisation",
    "clarion.pages",
    "clarion.layout",
    "clarion.mail",
    "clarion.petitions",
    "clarion.transparency",
    "clarion.supporters",
    "clarion.spread",
    "clarion.alerts",
    "clarion.delivery",
    "clarion.webhooks",
    "clarion.api",
    "clarion.embed",
    "clarion.audit",
    "clarion.accounts",
    "clarion.dashboard",
    "clarion.demo",
    # Editors translate pages and modules in wagtail-localize's editor (its locales app replaces wagtail.locales).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "django_countries",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
]

MIDDLEWARE = [
    # First: it keeps the response as it leaves, security headers on, for the WSGI front to answer with.
    "clarion.core.middleware.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "clarion.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CORS for the public API's reads only (CORS_URLS_REGEX); partner signing has its own allow-list.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Public pages take their language from their /en/, /fa/ … prefix; other addresses speak the default (and
    # the action endpoints their record's); "/" and old unprefixed links redirect (clarion.core.locales).
    "clarion.core.locales.PathLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A signed-in user who still owes a second factor reaches only that step (clarion.accounts).
    "clarion.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "clarion.core.middleware.PublicCacheMiddleware",
    # An id too large for the database in a query string or form: 400, not 500 (clarion.core.ids).
    "clarion.core.ids.OutOfRangeMiddleware",
    # Last: turns a sign-in refused for too many failures into the "sign-in paused" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clarion.urls"
WSGI_APPLICATION = "clarion.wsgi.application"
# Wrapped around Django by clarion.wsgi, the first outermost, each answering before Django builds a request:
# kept anonymous page views, then signing posts from an address over its refusal limit (429, post unread).
CLARION_WSGI_FRONTS = [
    "clarion.core.pagecache.front",
    "clarion.petitions.refusals.front",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clarion.core.context_processors.site_settings",
                "clarion.organisation.context_processors.organisation",
            ],
        },
    },
]

# The public API (clarion.api, docs/api.md): JSON only, refusals as RFC 9457 problem documents, no session or
# cookie authentication (a key in the Authorization header, where a view asks for one).
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "EXCEPTION_HANDLER": "clarion.api.problems.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Clarion API",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["clarion.api.schema.only_public_api"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

DATABASES = {"default": config.database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # Scale-out: one Redis serves every web and worker host for cache, rate limits, sessions and the queue.
    # While Redis is down each process answers from its own memory (clarion.core.outage), so signing goes on;
    # a second to connect, not the system's minutes, when Redis's host does not answer at all.
    CACHES = {
        "default": {
            "BACKEND": "clarion.core.fallbackcache.RedisOrLocalCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "clarion",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1},
        },
        # Without that fallback: a session ended during an outage must not live on in Redis (503 meanwhile).
        "sessions": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "clarion",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1},
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    # Through the cache's connection pool: a URL here would open a new Redis connection per enqueue.
    RQ_QUEUES = {"default": {"USE_REDIS_CACHE": "default", "DEFAULT_TIMEOUT": 600}}
    # Back at work within seconds of Redis's return (clarion.core.rqworker).
    RQ = {"WORKER_CLASS": "clarion.core.rqworker.Worker"}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous page views, kept in each process's own memory (clarion.core.pagecache).
CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages",
                   "OPTIONS": {"MAX_ENTRIES": 2000}}

# One TASKS setting serves Wagtail's own tasks (reference index, image files) and Clarion's.
# Embedded: tasks wait in the database (`manage.py db_worker`); scale-out: in Redis through RQ, run by
# `manage.py rqworker --job-class django_tasks_rq.Job default` on any number of hosts.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_rq.RQBackend" if REDIS_URL else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
TASK_WORKER_COMMAND = (
    ["rqworker", "--job-class", "django_tasks_rq.Job", "default"] if REDIS_URL else ["db_worker", "--no-startup-delay"]
)

for _key, _value in config.email().items():
    globals()[_key] = _value
# Only its address is used for mail to supporters (clarion.organisation: the name is the organisation's).
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CLARION_OUTBOX_MAX_ATTEMPTS = env("CLARION_OUTBOX_MAX_ATTEMPTS")
# Seconds between the scheduler's sweeps of the outbox (retries, and mail whose wake-up was lost).
CLARION_MAIL_SWEEP_INTERVAL = env("CLARION_MAIL_SWEEP_INTERVAL")
# The longest one delivery round runs before it yields the worker to other tasks (seconds).
CLARION_MAIL_ROUND_SECONDS = env("CLARION_MAIL_ROUND_SECONDS")

# First: refuses a sign-in while its username and client address are locked out, before any password check.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = env("CLARION_LANGUAGE")
# Every language Clarion has catalogs for, by its own name; the site speaks those in CLARION_LANGUAGES, the
# default first (clarion.core.languages answers questions about them).
LANGUAGE_NAMES = {"en": _("English"), "fa": _("Persian"), "ar": _("Arabic")}
LANGUAGES = [(code, LANGUAGE_NAMES[code])
             for code in dict.fromkeys([LANGUAGE_CODE, *env("CLARION_LANGUAGES")])]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# The embedded set-up serves uploaded images itself; behind nginx, let nginx serve them instead.
CLARION_SERVE_MEDIA = env("CLARION_SERVE_MEDIA")
# The only folders of MEDIA_ROOT served as they are under /media/: Wagtail's original images and renditions.
CLARION_PUBLIC_MEDIA_FOLDERS = ("original_images", "images")
# Documents always go through Wagtail's view, which refuses those in a restricted collection.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Behind nginx the view only decides, and nginx sends the file from this internal location (X-Accel-Redirect).
CLARION_DOCUMENTS_ACCEL_PREFIX = env("CLARION_DOCUMENTS_ACCEL_PREFIX")
if CLARION_DOCUMENTS_ACCEL_PREFIX:
    SENDFILE_BACKEND = "clarion.core.sendfile"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o644

# The organisation's name, sender, reply-to and postal address when Settings → Organisation leaves them blank.
WAGTAIL_SITE_NAME = env("CLARION_SITE_NAME")
CLARION_REPLY_TO = env("CLARION_REPLY_TO")
CLARION_POSTAL_ADDRESS = env("CLARION_POSTAL_ADDRESS")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "mp4", "webm", "ogv", "odt", "docx", "txt"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_I18N_ENABLED = True
# The admin, too, talks to no third party: no update check, no Gravatar lookups of editors' addresses.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "clarion.core.richtext.LabelledDraftailRichTextArea",
        "OPTIONS": {"features": ["bold", "italic", "link", "ol", "ul", "document-link"]},
    }
}

# Anonymous public pages may be kept by browsers and proxies this long (seconds).
CLARION_PUBLIC_CACHE_SECONDS = env("CLARION_PUBLIC_CACHE_SECONDS")
# Seconds the server keeps an anonymous page view to answer other visitors without cookies (0: off).
CLARION_PAGE_CACHE_SECONDS = env("CLARION_PAGE_CACHE_SECONDS")
# How often the scheduler looks for modules and pages whose publish window opens or closes (seconds).
CLARION_SCHEDULE_INTERVAL = env("CLARION_SCHEDULE_INTERVAL")

# Behind a proxy that terminates TLS (deploy/nginx/clarion.conf): believe its X-Forwarded-Proto, send plain
# HTTP requests to HTTPS, and tell browsers to use nothing but HTTPS for this host from now on (HSTS).
CLARION_BEHIND_TLS_PROXY = env("CLARION_BEHIND_TLS_PROXY")
if CLARION_BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env("CLARION_HSTS_SECONDS")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env("CLARION_HSTS_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = env("CLARION_HSTS_PRELOAD")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CLARION_BASE_URL.startswith("https://") or CLARION_BEHIND_TLS_PROXY
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail's preview shows the page in a frame of the admin, so SAMEORIGIN rather than DENY (check W019).
X_FRAME_OPTIONS = "SAMEORIGIN"

# Content-Security-Policy (clarion.core.csp). Public pages load nothing from other hosts and run no inline
# script but the ones hashed in clarion.core.inline; the video facade's no-cookie players, which load only
# once a visitor presses play (clarion.pages.video.embed_url), are the only frames from elsewhere.
CLARION_VIDEO_PLAYER_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
CLARION_CSP_PUBLIC = {
    "default-src": [SELF],
    "script-src": [SELF, *SCRIPT_HASHES],
    "style-src": [SELF],
    "img-src": [SELF],
    "connect-src": [SELF],
    "frame-src": CLARION_VIDEO_PLAYER_ORIGINS,
    "object-src": [NONE],
    "base-uri": [NONE],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": CLARION_CSP_PUBLIC}
# The Wagtail admin (never cached): a per-request nonce for Wagtail's few inline scripts, inline styles (its
# widgets set them), image previews from data: and blob: URLs, and page previews framed from the site itself.
CLARION_CSP_ADMIN_PREFIXES = ("/admin/",)
CLARION_CSP_ADMIN = CLARION_CSP_PUBLIC | {
    "script-src": [SELF, NONCE, *SCRIPT_HASHES],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "frame-src": [SELF, *CLARION_VIDEO_PLAYER_ORIGINS],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"quiet_short_refusals": {"()": "clarion.core.logs.QuietShortRefusals"},
                "mask_tokens": {"()": "clarion.core.logs.MaskTokens"},
                "summarise_tasks": {"()": "clarion.core.logs.SummariseRoutineTasks"},
                "quiet_outages": {"()": "clarion.core.outage.QuietOutages"},
                "note_outages": {"()": "clarion.core.outage.QuietOutages", "note": True}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # A flood of bad signing posts is counted once a minute (clarion.petitions.refusals), not line by line.
        # Request warnings name the path, which may hold a working link (clarion.core.redact).
        # A Redis outage's 503s are said once a minute by clarion.core.outage, not with a traceback each.
        "django.request": {"filters": ["quiet_short_refusals", "mask_tokens", "quiet_outages"]},
        # One line per task run drowns what an operator needs to see; failures still show. The worker (db_worker
        # resets the level to INFO) writes a count a minute instead, or each run with CLARION_TASK_LOG=each.
        # A task the database's outage failed is one warning line, not two tracebacks (clarion.core.outage).
        "django_tasks": {"level": env("TASKS_LOG_LEVEL"), "filters": ["summarise_tasks", "note_outages"]},
        "rq.worker": {"filters": ["summarise_tasks", "note_outages"]},
        # RQ's job logs a failure callback the outage broke (django_tasks_rq records the failure in the database).
        "rq.job": {"filters": ["note_outages"]},
        # Lockouts and failed sign-ins still show (as warnings, with username and address masked).
        "axes": {"level": "WARNING"},
    },
}

# Petitions. Proxies whose X-Forwarded-For is believed (IP addresses or CIDR ranges, comma-separated).
CLARION_TRUSTED_PROXIES = env("CLARION_TRUSTED_PROXIES")
# Seconds between counting rounds: newly confirmed signatures reach the public count within about this long.
CLARION_COUNT_INTERVAL = env("CLARION_COUNT_INTERVAL")
# Seconds the public count document may be cached by browsers and proxies.
CLARION_COUNT_CACHE_SECONDS = env("CLARION_COUNT_CACHE_SECONDS")
CLARION_MAX_SIGN_BYTES = 1024 * 1024
# Refused signing posts that get the full answer (the form again, with notes) per second in each process;
# beyond it a short page lists what was wrong, so a flood of bad posts cannot crowd out the signers.
CLARION_SIGN_FULL_REFUSALS_PER_SECOND = env("CLARION_SIGN_FULL_REFUSALS_PER_SECOND")
# Refused signing posts per client address per minute, after which it gets 429 until the minute is over.
CLARION_SIGN_REFUSALS_PER_ADDRESS = env("CLARION_SIGN_REFUSALS_PER_ADDRESS")
# Seconds each process may keep a petition it looked up (signing, count document) before reading it again.
CLARION_PETITION_CACHE_SECONDS = float(env("CLARION_PETITION_CACHE_SECONDS"))
CLARION_EMAIL_DOMAIN_ALIASES = {"googlemail.com": "gmail.com"} | env("CLARION_EMAIL_DOMAIN_ALIASES")
CLARION_EMAIL_DOT_INSENSITIVE_DOMAINS = {"gmail.com"}
CLARION_EMAIL_PLUS_TAG_DOMAINS = {
    "gmail.com", "outlook.com", "hotmail.com", "live.com", "icloud.com", "me.com", "fastmail.com",
    "protonmail.com", "proton.me", "pm.me",
}

# ESP bounce/complaint webhooks (under /supporters/webhooks/anymail/) require this HTTP basic-auth "user:password".
ANYMAIL = {"WEBHOOK_SECRET": env("CLARION_WEBHOOK_SECRET")}

# Admin accounts (clarion.accounts). Failed sign-ins count per username *and* client address (the one every
# per-address limit uses: behind trusted proxies, an IPv6 /64 as one), so guessing an editor's name from
# elsewhere never locks the editor out where they are.
AXES_FAILURE_LIMIT = env("CLARION_LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=env("CLARION_LOGIN_COOLOFF_MINUTES"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "clarion.accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "clarion.accounts.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
# No row per successful sign-in (staff addresses are not kept); failures live only until their cool-off ends.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address"]
# Staff without a second factor are sent to set one up and can do nothing else in the admin.
CLARION_REQUIRE_2FA = env("CLARION_REQUIRE_2FA")
CLARION_2FA_BACKUP_CODES = 10
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Codes are checked against this server's clock +/- one step; a phone's drift is not learnt from guesses.
OTP_TOTP_SYNC = False
# After a wrong code the next one waits this many seconds, doubling with each further wrong code (never off).
OTP_TOTP_THROTTLE_FACTOR = env("CLARION_2FA_THROTTLE_SECONDS")
OTP_STATIC_THROTTLE_FACTOR = OTP_TOTP_THROTTLE_FACTOR
