"""Settings read from the environment.

Development works with no environment at all (SQLite file, DEBUG on). With DEBUG off the
site refuses to start without a SECRET_KEY and ALLOWED_HOSTS, so production cannot run
insecurely by accident.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn DATABASE_URL into a DATABASES entry (PostgreSQL through psycopg 3, or SQLite)."""
    parsed = urlparse(url)
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")) or "postgres",
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    if parsed.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parsed.path) or ":memory:"}
    raise ImproperlyConfigured(
        f"DATABASE_URL: unsupported scheme {parsed.scheme!r}; use postgres://… or sqlite:///…"
    )


DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the site will not start without one: "
            "export SECRET_KEY=\"$(python -c 'import secrets; print(secrets.token_urlsafe(50))')\""
        )
    # Development only: never used when DEBUG is off (see the check above).
    SECRET_KEY = "django-insecure-development-only-key"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
if not DEBUG and not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set; with DEBUG off it must name the site.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "taggit",
    "django_filters",
    "simple_history",
    "django_prose_editor",
    # Admin login throttling (README, "Production"): lockout by user + address, and by address.
    "axes",
    # /suc-khoe/ for the load balancer: database, cache and storage.
    "health_check",
    # The background import's queue on Redis: `manage.py rqworker` (articles/ingestion/archive.py).
    "django_rq",
    "newsroom",
    "people",
    "articles",
]

MIDDLEWARE = [
    # Anonymous readers' cached pages are answered here, before any other middleware runs;
    # a miss goes through the stack and its final response is stored (caching.py).
    "articles.views.caching.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "newsroom.csp.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Reads go to the replica only for public GETs not right after a write (routers.py).
    "newsroom.routers.PrimaryPinMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records the user who made each article revision (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.readers.ReaderMiddleware",
    # django-axes must come last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Wrapped around the WSGI application, innermost first (newsroom/wsgi.py): anonymous readers'
# page-cache hits answered before Django's handler runs (Redis only; see caching.py).
WSGI_WRAPPERS = ["articles.views.hitpath.HitPathApp"]

# django-axes' backend first: it refuses a locked-out user before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "newsroom" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.portal",
                "articles.context_processors.menu",
            ],
        },
    },
]

# Django's form renderer with the <input> widgets written in Python: the article's edit page
# renders ~170 widgets (newsroom/form_rendering.py).
FORM_RENDERER = "newsroom.form_rendering.InputFastPathRenderer"

WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        }
    }

# Optional read replica: public reads go to it, everything else to "default" (routers.py).
# In tests it mirrors the default database (Django's TEST MIRROR), so no second one is built.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_from_url(os.environ["DATABASE_REPLICA_URL"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["newsroom.routers.PrimaryReplicaRouter"]
# After a write (any POST, PUT, PATCH, DELETE), the writer's next requests read the primary
# for this many seconds, so they see what they wrote whatever the replica's lag.
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "15"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The covering index on published articles (`articles_public`, INCLUDE columns) is for
# PostgreSQL; SQLite builds it without the extra columns, which is correct, only slower. Its
# warning would greet every first run on the embedded database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Cache: reader counters (views, visitors online/today/month/total) and rate limits live here,
# so it must be shared by every worker process and outlive a restart. Redis when REDIS_URL is
# set (atomic counters); otherwise a file-based cache on local disk (shared by the processes of
# one machine, no server to run; counters there are approximate under heavy concurrency).
# Local memory would split the counters per process; the database cache would turn every
# counted page view into a database write, which is what the counters exist to avoid.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Rendered public pages live in their own cache ("pages", articles/views/caching.py), so that
# culling pages in the file cache never drops a counter.
CACHE_DIR = os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache" / "django"))
if REDIS_URL:
    _REDIS_OPTIONS = {
        # A Redis that does not answer costs a reader at most this long (then fails open).
        "socket_connect_timeout": 0.5,
        "socket_timeout": 0.5,
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": _REDIS_OPTIONS,
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
            "OPTIONS": _REDIS_OPTIONS,
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(Path(CACHE_DIR) / "pages"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
# The page cache for anonymous readers (articles/views/caching.py). An entry is served only
# under the last-modified moment it was rendered under, so it is never stale; the timeout only
# bounds how old the counters drawn into a cached page (views, rating, "Tin xem nhiều") may be.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
# The portal clock (the last-modified moment kept in the cache, caching.py) is recomputed at
# least this often: a write that bypasses Django (raw SQL) shows within this many seconds;
# writes through Django show on the very next request.
PAGE_CLOCK_MAX_SECONDS = int(os.environ.get("PAGE_CLOCK_MAX_SECONDS", "60"))

# Reverse proxies in front of the site whose X-Forwarded-For may be trusted (rate limits).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Admin login throttling (django-axes). Failures are kept in the database (axes' tables), so
# they hold whether or not the cache is up. Five wrong passwords for one user from one
# address lock that pair out, and so do five from one address whatever the user names; an
# administrator unlocks in the admin ("Axes" section) or with `manage.py axes_reset`
# (`axes_reset_ip ADDRESS`, `axes_reset_username NAME`). The lock also lifts by itself after
# AXES_COOLOFF_HOURS.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_RESET_ON_SUCCESS = True
# The same client address as the rate limits (TRUSTED_PROXY_COUNT above).
AXES_CLIENT_IP_CALLABLE = "newsroom.ratelimit.login_client_ip"
AXES_USERNAME_FORM_FIELD = "username"
# Shown by the authentication backend (e.g. the admin's login form) when locked out.
AXES_COOLOFF_MESSAGE = AXES_PERMALOCK_MESSAGE = (
    "Đăng nhập tạm bị khóa vì nhập sai mật khẩu quá nhiều lần. "
    "Xin thử lại sau hoặc liên hệ quản trị hệ thống để được mở khóa."
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
# Day-first date input (05/07/2021 is 5 July) for the admin's forms: newsroom/formats/vi.
FORMAT_MODULE_PATH = ["newsroom.formats"]
USE_I18N = True
# The project's own Vietnamese catalogue, read before Django's and the add-ons': the strings
# their Vietnamese catalogues lack ("Show counts", "Choose all"…). The .mo files are committed.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "newsroom" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"

LOGIN_URL = "admin:login"

# Media on shared storage when several app servers run: S3-compatible object storage through
# django-storages (boto3 is then needed too: requirements-s3.txt). Off unless MEDIA_S3_BUCKET
# is set; credentials come from the usual AWS_* variables or the machine's role.
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            "custom_domain": os.environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# Revisions are restored through our own view (content fields only, never the workflow
# fields); simple-history's generic "revert" form stays off.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Uploaded article images: largest file accepted, and the sizes generated for the pages.
IMAGE_MAX_BYTES = int(os.environ.get("IMAGE_MAX_BYTES", str(10 * 1024 * 1024)))
# Pixels, not bytes, decide what a photo costs: a PNG of a few kilobytes can decode to
# 6,324 x 6,324 pixels (issue 12). Making the renditions holds about 4.5 MB per megapixel at
# the peak (bench/image_memory.py measures it), so the default 24 megapixels (a 6,000 x 4,000
# camera photo) costs a worker at most ~110 MB above its resting size. Larger images are
# refused from their header, before decoding; Pillow's own decompression-bomb limit follows
# this value (articles/apps.py).
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", str(24_000_000)))
IMAGE_DISPLAY_WIDTH = 1200
IMAGE_THUMB_SIZE = (480, 320)
# The media library's sizes (articles.models.Photo): phones take 320/640, wider screens the rest.
PHOTO_WIDTHS = (320, 640, 1024, 1600)

# Portal identity shown in the header; editable settings come later through the admin.
PORTAL_NAME = os.environ.get("PORTAL_NAME", "Công an tỉnh Hậu Giang")
PORTAL_TAGLINE = os.environ.get("PORTAL_TAGLINE", "Cổng thông tin điện tử")

# Largest page file the importers accept, in bytes.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))
# The admin import page keeps uploaded files between preview and confirmation here, one
# directory per user (articles/admin/import_previews.py); with several app servers it must be
# a shared disk. A preview expires after IMPORT_PREVIEW_SECONDS; each user holds at most
# IMPORT_PREVIEW_MAX_COUNT previews and IMPORT_PREVIEW_MAX_BYTES of files. Expired previews
# are swept when a new one is made and by `manage.py clear_import_previews` (cron).
IMPORT_PREVIEW_DIR = os.environ.get(
    "IMPORT_PREVIEW_DIR", str(Path(CACHE_DIR).parent / "import-previews")
)
IMPORT_PREVIEW_SECONDS = int(os.environ.get("IMPORT_PREVIEW_SECONDS", "3600"))
IMPORT_PREVIEW_MAX_COUNT = int(os.environ.get("IMPORT_PREVIEW_MAX_COUNT", "5"))
IMPORT_PREVIEW_MAX_BYTES = int(os.environ.get("IMPORT_PREVIEW_MAX_BYTES", str(200 * 1024 * 1024)))

# Background import of an archive (articles/ingestion/archive.py): a ZIP uploaded in the admin
# or a folder below IMPORT_SERVER_FOLDERS, run by `manage.py rqworker imports` on RQ over Redis.
# The queue's Redis is IMPORT_QUEUE_URL, else REDIS_URL; with neither, the admin says that
# background import needs one. IMPORT_JOBS_INLINE runs a job in the request instead (tests).
IMPORT_QUEUE = os.environ.get("IMPORT_QUEUE", "imports")
IMPORT_QUEUE_URL = os.environ.get("IMPORT_QUEUE_URL", "") or REDIS_URL
IMPORT_JOBS_INLINE = env_bool("IMPORT_JOBS_INLINE", False)
IMPORT_ARCHIVE_MAX_FILES = int(os.environ.get("IMPORT_ARCHIVE_MAX_FILES", "20000"))
IMPORT_ARCHIVE_MAX_BYTES = int(os.environ.get("IMPORT_ARCHIVE_MAX_BYTES", str(1024 * 1024 * 1024)))
IMPORT_SERVER_FOLDERS = env_list("IMPORT_SERVER_FOLDERS", [])
# A running job with no progress for this long (or whose process on this machine is gone) is
# resumed by the next worker to start, a worker's maintenance tick or `resume_import_jobs`.
IMPORT_JOB_STALE_SECONDS = int(os.environ.get("IMPORT_JOB_STALE_SECONDS", "300"))
IMPORT_JOB_TIMEOUT = int(os.environ.get("IMPORT_JOB_TIMEOUT", str(24 * 3600)))
# A pause between two files, to spare a busy production database during a long import.
IMPORT_FILE_PAUSE_SECONDS = float(os.environ.get("IMPORT_FILE_PAUSE_SECONDS", "0"))
RQ_QUEUES = {
    IMPORT_QUEUE: {
        "URL": IMPORT_QUEUE_URL or "redis://127.0.0.1:6379/0",
        "DEFAULT_TIMEOUT": IMPORT_JOB_TIMEOUT,
    }
}
# The worker resumes stalled jobs when it starts; django-rq's English dashboard stays hidden.
RQ = {"WORKER_CLASS": "articles.ingestion.worker.ImportWorker"}
RQ_SHOW_ADMIN_LINK = False

# Production (README, "Production"): secure by default with DEBUG off, each one adjustable.
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    # TLS ends at the load balancer / reverse proxy, which must set X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The load balancer's health probe speaks plain HTTP to the app server.
    SECURE_REDIRECT_EXEMPT = [r"^suc-khoe/"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp). The portal runs no script at all (the JSON-LD block
# is data, not script); the admin and the body editor load scripts from 'self' only, and the
# admin alone gets inline styles, which the editor sets (newsroom/csp.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if MEDIA_S3_BUCKET:
    _media_origin = os.environ.get("MEDIA_S3_CUSTOM_DOMAIN") or os.environ.get(
        "MEDIA_S3_ENDPOINT_URL", "https://*.amazonaws.com"
    )
    _origin = _media_origin if "://" in _media_origin else f"https://{_media_origin}"
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_origin)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
