"""Local development: debug on, console e-mail, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403
from .base import SECRET_KEY as _SECRET_KEY
from .base import env_bool

DEBUG = True
SECRET_KEY = _SECRET_KEY or "django-insecure-dev-only-key-do-not-use-in-production"  # noqa: S105
# The demo's staff accounts open the admin with their password alone (STAFF_REQUIRE_2FA=1 to try
# the production behaviour).
STAFF_REQUIRE_2FA = env_bool("STAFF_REQUIRE_2FA", False)
