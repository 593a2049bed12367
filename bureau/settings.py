"""Settings of the portal, all read from the environment (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from bureau.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")
    SECRET_KEY = "dev-only-key-never-used-in-production-" + "x" * 20

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "bureau",
    "bureau.accounts",
    "grids",
    "enterprises",
    "hazards",
    "inspections",
    "bureau.assessment",
    "bureau.dashboard",
    "bureau.public",
    "axes",
]

MIDDLEWARE = [
    # First: every response, even a redirect to HTTPS, carries the request id that its log lines carry.
    "bureau.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in user unless its view says otherwise.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Lets django-simple-history record who made each change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: signs out a session older than SESSION_ABSOLUTE_SECONDS, saying why.
    "bureau.accounts.sessions.AbsoluteSessionLifetimeMiddleware",
    # A password someone else chose (issued, reset) is changed before any other page opens.
    "bureau.accounts.first_password.ForcePasswordChangeMiddleware",
    # A signed-in user's pages and exports are never stored by the browser or a proxy.
    "bureau.middleware.NoStoreForSignedInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# `make bench` only: the portal's URLs plus /bench/bare/ (bench/urls.py), a tiny page behind the same middleware,
# as the throughput baseline.
BENCH_BARE_VIEW = env_bool("BENCH_BARE_VIEW", False)
ROOT_URLCONF = "bench.urls" if BENCH_BARE_VIEW else "bureau.urls"
WSGI_APPLICATION = "bureau.wsgi.application"

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
                "bureau.context_processors.portal",
            ],
        },
    },
]

# Database: PostgreSQL in tests and production; an SQLite file for `make run`.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        # Health checks: a kept connection that died (e.g. PostgreSQL restarted) is replaced at the start of the
        # next request instead of failing it.
        _database = dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
else:
    _database = {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
if _database["ENGINE"] == "django.db.backends.postgresql":
    # The portal's queries are short, but with a city's registry the cost estimates of their correlated subqueries
    # pass PostgreSQL's JIT thresholds, and compiling took longer (0.1-0.7 s a query) than running: JIT off.
    _database.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DATABASES = {"default": _database}
# Covering indexes (INCLUDE) serve PostgreSQL's index-only scans; on SQLite (make run without DATABASE_URL) they are
# plain indexes, which is all a development database needs: no warning about it on every command.
SILENCED_SYSTEM_CHECKS = ["models.W040"] if _database["ENGINE"] == "django.db.backends.sqlite3" else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Reads on a streaming replica (bureau/db_router.py, docs/scaling.md): only when DATABASE_REPLICA_URL is set; without
# it there is no `replica` alias, no router and no middleware. After a browser's own write its reads stay on the
# primary for REPLICA_PIN_SECONDS, which must exceed the replica's usual lag.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 5)
if DATABASE_REPLICA_URL:
    if _database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL to be a PostgreSQL database.")
    if REPLICA_PIN_SECONDS <= 0:
        raise ImproperlyConfigured(f"REPLICA_PIN_SECONDS={REPLICA_PIN_SECONDS} must be a number of seconds > 0.")
    try:
        _replica = dj_database_url.parse(
            DATABASE_REPLICA_URL, conn_max_age=_database["CONN_MAX_AGE"], conn_health_checks=True
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL is not a database URL: {exc}") from None
    if _replica["ENGINE"] != _database["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a PostgreSQL database (a replica of DATABASE_URL).")
    _replica["OPTIONS"] = {**_database["OPTIONS"], **_replica.get("OPTIONS", {})}
    # A test run makes no database for it: it is the test database of default, under a second connection.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
    DATABASE_ROUTERS = ["bureau.db_router.ReplicaRouter"]
    # Just inside the sessions' (they are read and saved on the primary): around the views and later middleware.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
        "bureau.db_router.ReadYourWritesMiddleware",
    )

# Redis is the Celery broker and the cache. Without it tasks run in-process.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"REDIS_URL={REDIS_URL!r} is not a redis:// URL.")

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "bureau.redis_cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# `make prod-check` and `make scale-check` only (deploy/stack.py sets it): the worker also registers the probe tasks
# of deploy/check_tasks.py. Production workers never have them.
CHECK_TASKS = env_bool("CHECK_TASKS", False)
CELERY_IMPORTS = ["deploy.check_tasks"] if CHECK_TASKS else []
# Scale-out: rank a quarter as one task per town joined by a chord (several workers share it) instead of one task.
RANKING_SPLIT_BY_TOWN = env_bool("RANKING_SPLIT_BY_TOWN", False)
# The issuing office's prefix of a bulletin's number: 瑞安安监通〔2026〕1号. Changed in .env, read at start-up.
BULLETIN_NUMBER_PREFIX = env_str("BULLETIN_NUMBER_PREFIX", "瑞安安监通")
# The registry list's body is cached until the registry changes (enterprises/registry_cache.py); 0 computes it on
# every request (the benchmark measures both).
REGISTRY_LIST_CACHE = env_bool("REGISTRY_LIST_CACHE", True)
CELERY_BEAT_SCHEDULE = {
    "hazard-deadline-notices": {"task": "hazards.tasks.notify_hazard_deadlines", "schedule": crontab(hour=7, minute=0)},
    "listing-deadline-notices": {
        "task": "hazards.tasks.notify_listing_deadlines",
        "schedule": crontab(hour=7, minute=2),
    },
    "case-deadline-notices": {"task": "inspections.tasks.notify_case_deadlines", "schedule": crontab(hour=7, minute=5)},
    "investigation-deadline-notices": {
        "task": "inspections.tasks.notify_investigation_deadlines",
        "schedule": crontab(hour=7, minute=10),
    },
    # 02:00 on the first day of each quarter (CELERY_TIMEZONE is Asia/Shanghai): rank the quarter just ended.
    "quarterly-ranking": {
        "task": "bureau.assessment.tasks.compute_previous_quarter",
        "schedule": crontab(minute=0, hour=2, day_of_month=1, month_of_year="1,4,7,10"),
    },
}

# Sign-in
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Axes first: it refuses a locked-out username and address before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend reading the session's user with its role and unread notices in one query.
    "bureau.accounts.backends.PortalBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "bureau.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "bureau.accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "bureau.accounts.validators.RepetitionValidator", "OPTIONS": {"min_distinct": 5}},
    # The username or name, the portal's name (安监, anjian, 瑞安, ruian) and the demo password, however dressed.
    {"NAME": "bureau.accounts.validators.ForbiddenWordsValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not one of the last five: also records each new password's hash (PreviousPassword).
    {"NAME": "bureau.accounts.validators.PasswordHistoryValidator", "OPTIONS": {"count": 5}},
]
# A session ends after 30 idle minutes, and in any case 12 hours after its sign-in (bureau/accounts/sessions.py).
SESSION_COOKIE_AGE = 30 * 60
# Not on every request: bureau.accounts.sessions touches the session once a minute, which slides the idle timeout.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
if SESSION_ABSOLUTE_SECONDS <= 0:
    raise ImproperlyConfigured(f"SESSION_ABSOLUTE_SECONDS={SESSION_ABSOLUTE_SECONDS} must be a number of seconds > 0.")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Lockout (django-axes), failed sign-ins within 30 minutes: five for one username from one address lock that pair,
# twenty from one address across usernames lock the address, ten for one username from any addresses lock the
# username; each for 30 minutes. Axes has one limit for all groups; ours (bureau/accounts/lockout_handler.py) has one
# per group.
AXES_HANDLER = "bureau.accounts.lockout_handler.GroupLimitsHandler"
AXES_FAILURE_LIMIT = 5
LOCKOUT_ADDRESS_FAILURE_LIMIT = 20
LOCKOUT_USERNAME_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_LOCKOUT_CALLABLE = "bureau.accounts.lockout.lockout_response"
AXES_VERBOSE = False  # no banner on every manage.py command; lockouts are still logged

# Chinese only: with a single language and no LocaleMiddleware the browser's
# Accept-Language cannot switch the screens to English.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Hashed, compressed names need `collectstatic`; development and tests serve from finders.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

PORTAL_NAME = env_str("PORTAL_NAME", "瑞安市安全生产监督管理局 · 安全监管综合平台")
# The header of a phone screen has room for a short name only.
PORTAL_SHORT_NAME = env_str("PORTAL_SHORT_NAME", "瑞安市安监局 · 安全监管平台")

# Security: production (DEBUG off) is strict by default; each switch can be
# turned off from the environment, e.g. behind a TLS-terminating proxy in a lab.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A Chinese page that never reads the request body (bureau/errors.py).
CSRF_FAILURE_VIEW = "bureau.errors.csrf_failure"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Every request then comes from the proxy: the lockout counts by the client address the proxy passes on in
    # X-Forwarded-For, believed only from these addresses (or networks). Not through django-ipware: it is not
    # installed, and without it axes would key every lock on the proxy's address, i.e. per username for everybody.
    AXES_CLIENT_IP_CALLABLE = "bureau.accounts.lockout.client_ip"
    TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"])
# The health check is asked over plain HTTP on loopback by the proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Content-Security-Policy (django-csp): everything from our own origin, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Logs go to stderr (journald in production): JSON lines by default in production, plain lines in development.
# Every line carries the request id (see bureau.middleware) and, in a Celery task, the task id.
LOG_FORMAT = env_str("LOG_FORMAT", "plain" if DEBUG else "json")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} is not one of: plain, json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "bureau.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s request=%(request_id)s task=%(task_id)s %(message)s"},
        "json": {"()": "bureau.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # axes logs every sign-in at INFO; its warnings (failures, lockouts) are what matter.
    # WeasyPrint (the case volume's PDF) logs each layout step at INFO and every Bootstrap rule it does not print
    # (screen-only properties) as a WARNING; a resource it could not load is an ERROR, and that is what matters.
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
    },
}
