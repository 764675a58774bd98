"""Database, cache and sessions: SQLite and local memory unless the environment names others."""

import os

import dj_database_url

# INSTALLED_APPS is core's list, the one base.py exports: appending here adds the app.
from .core import BASE_DIR, INSTALLED_APPS

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

# Sessions read from the cache (one SQL query less on every signed-in page), written through;
# read from the database when the cache misses or is down.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
