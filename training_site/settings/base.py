"""Settings shared by every environment; environment-specific modules import from here.

Secrets and hosts come from the environment only (see `.env.example`).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def site_url_error(site_url: str, allowed_hosts: list[str]) -> str | None:
    """Why `site_url` can't be the public address that certificate QR codes and e-mail links
    are built from, or None when it can: it must be http(s), with a host ALLOWED_HOSTS takes."""
    from urllib.parse import urlsplit

    from django.http.request import split_domain_port, validate_host

    if not site_url:
        return "SITE_URL must be set to the public address, e.g. https://training.example.org."
    parts = urlsplit(site_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return f"SITE_URL must be an http(s) address with a host name, not {site_url!r}."
    if parts.path.strip("/") or parts.query or parts.fragment:
        return f"SITE_URL must be the site's root address, without a path: {site_url!r}."
    domain, _port = split_domain_port(parts.netloc.rpartition("@")[2])
    if not domain or not validate_host(domain, allowed_hosts):
        return f"The host of SITE_URL ({parts.hostname}) is not in ALLOWED_HOSTS {allowed_hosts}."
    return None


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "training_site",
    "training_site.accounts",
    "content",
    "courses",
    "assessments",
    "certificates",
    "workshops",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
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
    "django_filters",
    "django_countries",
    "django_tasks",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "training_site.middleware.RejectControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "training_site.middleware.StaffTwoFactorMiddleware",
    "training_site.routing.CachedSiteMiddleware",
    "training_site.routing.CachedRouteMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "training_site.urls"
WSGI_APPLICATION = "training_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "training_site.context_processors.organisation",
                "workshops.context_processors.workshop_nav",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL (or any dj-database-url URL) via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if os.environ.get("DATABASE_TEST_NAME"):
    # Lets parallel test runs on one PostgreSQL server keep apart.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DATABASE_TEST_NAME"]}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index uses PostgreSQL full-text fields there.
    INSTALLED_APPS.append("django.contrib.postgres")
    # No JIT compilation: on report aggregates over tens of thousands of learners it spends
    # seconds compiling what runs in a fraction of that interpreted (tests/benchmarks/reports.py).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default, Redis via REDIS_URL. An accelerator, not a dependency: with
# Redis unreachable every call misses and the site runs from the database (training_site.cache).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "training_site.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "retry_after": int(os.environ.get("REDIS_RETRY_AFTER", "30")),
            },
        }
    }
else:
    # Room for every page's route, translations and lesson body (training_site.page_cache)
    # beside sessions: Django's default of 300 entries would evict them on a full catalogue.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 3000},
        }
    }

# Background work: Django's tasks framework (the django-tasks package Wagtail 8 uses).
# TASKS_BACKEND=immediate (default) runs tasks in the request; TASKS_BACKEND=rq queues them on
# Redis (REDIS_URL) for `manage.py rqworker default` processes.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A task body meeting a transient error (database, SMTP, network) runs again after 1, 2, 4 s
# (training_site.tasks.retry_transient).
TASKS_RETRY_ATTEMPTS = int(os.environ.get("TASKS_RETRY_ATTEMPTS", "4"))
TASKS_RETRY_DELAY = float(os.environ.get("TASKS_RETRY_DELAY", "1"))
TASKS_RETRY_MAX_DELAY = float(os.environ.get("TASKS_RETRY_MAX_DELAY", "30"))
# `manage.py run_periodic` runs these management commands every so many seconds.
PERIODIC_COMMANDS = {"expire_attempts": 60, "certificates_notify_pending": 300}

# Sessions read from the cache (one SQL query less on every signed-in page), written through;
# read from the database when the cache misses or is down.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "courses:dashboard"

# django-allauth: e-mail is the login; verification is mandatory unless the
# environment says otherwise (demo accounts are created already verified).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "training_site.accounts.forms.SignupProfileForm"
ACCOUNT_ADAPTER = "training_site.accounts.adapter.AccountAdapter"
# Failed logins: a hard limit per client address; per account, a separate count for each
# browser that signed in to it before (see accounts/adapter.py), so guessers can't lock the
# owner out.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    "change_email": "1/m/user",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Everyone who can open /admin/ (Trainers, Administrators, superusers) sets up TOTP first.
STAFF_REQUIRE_2FA = env_bool("STAFF_REQUIRE_2FA", True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Arms Management Training"
# Accept the previous and next 30-second code too: phones in the field drift.
MFA_TOTP_TOLERANCE = 1

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "training@localhost")
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
        ),
    }
}

# Internationalisation: interface strings in five languages, content in three.
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("ar", "العربية"),
    ("es", "Español"),
    ("pt", "Português"),
]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
WAGTAIL_I18N_ENABLED = True
# The page type that courses list as a course's resources (such as its glossary). Named here so
# that `courses` finds it without importing the app above it.
COURSE_RESOURCE_PAGE_MODEL = "content.StandardPage"
# Whose attempts a trainer reads in the admin: the learners of the cohorts they run. Cohorts are
# in `courses`, above `assessments`, which finds the scope through this setting.
ASSESSMENTS_LEARNER_SCOPE = "courses.selectors.CohortLearnerScope"
WAGTAIL_CONTENT_LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("ar", "العربية"),
]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Certificates, their ZIP exports and workshop packs: outside MEDIA_ROOT, with no URL, served
# only by views that check permission (training_site.storage.private_file_response).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
# Behind nginx, a prefix such as "/_private/" (an `internal` location aliased to
# PRIVATE_MEDIA_ROOT) makes those views answer with X-Accel-Redirect instead of the file.
PRIVATE_FILES_ACCEL_REDIRECT = os.environ.get("PRIVATE_FILES_ACCEL_REDIRECT", "")
# Media on S3-compatible storage (django-storages) when AWS_STORAGE_BUCKET_NAME is set: public
# media (images, documents) in that bucket, read through its public-read bucket policy; private
# files in a bucket of their own with no public policy, reached only through URLs signed for
# PRIVATE_FILES_URL_EXPIRY seconds that private_file_response hands out after the permission
# check. Static files stay on WhiteNoise. Half a configuration fails the system checks.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_PRIVATE_STORAGE_BUCKET_NAME = os.environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL", "")
AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID", "")
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY", "")
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME", "")
# A CDN or public host name in front of the public bucket (never the private one).
AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "")
PRIVATE_FILES_URL_EXPIRY = int(os.environ.get("PRIVATE_FILES_URL_EXPIRY", "60"))


S3_REQUIRED_SETTINGS = (
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_PRIVATE_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
)


def s3_settings_error(values: dict) -> str | None:
    """Why the S3 settings in `values` can't hold the media, or None when they can (or when
    none is set: media then stays on the local disk)."""
    missing = [name for name in S3_REQUIRED_SETTINGS if not values.get(name)]
    if len(missing) == len(S3_REQUIRED_SETTINGS):
        return None
    if missing:
        return f"S3 media storage is half configured: {', '.join(missing)} not set."
    if values["AWS_STORAGE_BUCKET_NAME"] == values["AWS_PRIVATE_STORAGE_BUCKET_NAME"]:
        return "Private files need a bucket of their own: AWS_PRIVATE_STORAGE_BUCKET_NAME."
    return None


def media_storages(
    *,
    bucket: str,
    private_bucket: str,
    endpoint: str,
    access_key: str,
    secret_key: str,
    region: str = "",
    custom_domain: str = "",
    private_url_expiry: int = 60,
) -> dict[str, dict]:
    """STORAGES' "default" (public media) and "private" entries: on S3 with a bucket, on the
    local disk (MEDIA_ROOT, PRIVATE_MEDIA_ROOT) without."""
    if not bucket:
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {"BACKEND": "training_site.storage.PrivateFileStorage"},
        }
    common = {
        "endpoint_url": endpoint,
        "access_key": access_key,
        "secret_key": secret_key,
        "region_name": region or None,
        "signature_version": "s3v4",
        # Wagtail and private_name() pick the names; never replace another file's bytes.
        "file_overwrite": False,
        # Buckets decide who reads (policy), so objects carry no ACL of their own.
        "default_acl": None,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": bucket,
                "querystring_auth": False,
                "custom_domain": custom_domain or None,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": private_bucket,
                "querystring_auth": True,
                "querystring_expire": private_url_expiry,
            },
        },
    }


STORAGES = {
    **media_storages(
        bucket=AWS_STORAGE_BUCKET_NAME,
        private_bucket=AWS_PRIVATE_STORAGE_BUCKET_NAME,
        endpoint=AWS_S3_ENDPOINT_URL,
        access_key=AWS_ACCESS_KEY_ID,
        secret_key=AWS_SECRET_ACCESS_KEY,
        region=AWS_S3_REGION_NAME,
        custom_domain=AWS_S3_CUSTOM_DOMAIN,
        private_url_expiry=PRIVATE_FILES_URL_EXPIRY,
    ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "Arms Management Training"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# "Translate this page" makes drafts: a translation goes live through the page's workflow.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# No avatar requests to a third party (Gravatar): Wagtail shows its local default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Content-Security-Policy (Django's built-in middleware): only our own origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "frame-src": [CSP.SELF, "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if AWS_STORAGE_BUCKET_NAME:
    # Public media on S3 come from the bucket's host (or AWS_S3_CUSTOM_DOMAIN), not from ours.
    _media = urlsplit(
        f"https://{AWS_S3_CUSTOM_DOMAIN}" if AWS_S3_CUSTOM_DOMAIN else AWS_S3_ENDPOINT_URL
    )
    SECURE_CSP["img-src"].append(f"{_media.scheme}://{_media.netloc}")

# Proxies under our control in front of the application (each appends to X-Forwarded-For);
# 0 trusts none and takes REMOTE_ADDR. See training_site/clients.py.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# xAPI: statements (completed, passed/failed, answered) to a Learning Record Store, sent by
# background tasks with retries. Off while XAPI_ENDPOINT is empty. The endpoint is the LRS's
# xAPI root (…/xAPI/), without "statements". XAPI_ACTOR_SALT keys the hash that stands for
# the learner (SECRET_KEY when empty); keep it stable, or learners get new identities.
XAPI_ENDPOINT = os.environ.get("XAPI_ENDPOINT", "")
XAPI_USERNAME = os.environ.get("XAPI_USERNAME", "")
XAPI_PASSWORD = os.environ.get("XAPI_PASSWORD", "")
XAPI_ACTOR_SALT = os.environ.get("XAPI_ACTOR_SALT", "")
XAPI_TIMEOUT = float(os.environ.get("XAPI_TIMEOUT", "10"))
# Digital credentials (certificates/credentials): the Ed25519 key that signs Open Badges
# credentials and QR codes (`manage.py credential_key` makes one), the fragment of its did:web
# key id, and earlier keys still published after a rotation ("key-1=z6Mk…,…"). Without a key,
# development and tests generate one in PRIVATE_MEDIA_ROOT; production refuses.
CREDENTIAL_SIGNING_KEY = os.environ.get("CREDENTIAL_SIGNING_KEY", "")
CREDENTIAL_KEY_ID = os.environ.get("CREDENTIAL_KEY_ID", "key-1")
CREDENTIAL_RETIRED_KEYS = os.environ.get("CREDENTIAL_RETIRED_KEYS", "")
CREDENTIAL_DEV_KEY = env_bool("CREDENTIAL_DEV_KEY", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Without libharfbuzz-subset0 WeasyPrint repeats this for every font of every PDF (a demo
    # load printed 162 of them): say it once per process.
    "filters": {
        "weasyprint_once": {
            "()": "training_site.logfilters.OncePerProcess",
            "prefixes": ["Using fontTools instead of HarfBuzz-Subset"],
        }
    },
    "loggers": {"weasyprint": {"filters": ["weasyprint_once"]}},
}
