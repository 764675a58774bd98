"""The application: paths, environment helpers, hosts, apps, middleware, templates, logging."""

import os
from pathlib import Path

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

# The page type that courses list as a course's resources (such as its glossary). Named here so
# that `courses` finds it without importing the app above it.
COURSE_RESOURCE_PAGE_MODEL = "content.StandardPage"
# Whose attempts a trainer reads in the admin: the learners of the cohorts they run. Cohorts are
# in `courses`, above `assessments`, which finds the scope through this setting.
ASSESSMENTS_LEARNER_SCOPE = "courses.selectors.CohortLearnerScope"

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

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
