"""xAPI statements to a Learning Record Store; the keys that sign digital credentials."""

import os

from .core import env_bool

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
