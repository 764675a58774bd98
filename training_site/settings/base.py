"""Settings shared by every environment; environment-specific modules import from here.

Secrets and hosts come from the environment only (see `.env.example`). The settings live in
one module per concern, gathered here in a fixed order: each module imports what it needs from
those before it (`core` first; `database` and `tasks` add to its INSTALLED_APPS).
"""

# isort: off
from .core import *  # noqa: F403
from .database import *  # noqa: F403
from .tasks import *  # noqa: F403
from .accounts import *  # noqa: F403
from .i18n import *  # noqa: F403
from .storage import *  # noqa: F403
from .cms import *  # noqa: F403
from .security import *  # noqa: F403
from .integrations import *  # noqa: F403
