"""Logging filters named in the LOGGING setting."""

import logging


class OncePerProcess(logging.Filter):
    """Let through only the first record whose message starts with one of `prefixes` (others
    pass untouched). For advice that says the same thing every time: WeasyPrint warns for
    every font of every PDF when Debian's libharfbuzz-subset0 is missing, and once is enough
    to tell the administrator what to install."""

    def __init__(self, prefixes: list[str] | tuple[str, ...] = ()):
        super().__init__()
        self.prefixes = tuple(prefixes)
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        prefix = next((p for p in self.prefixes if str(record.msg).startswith(p)), None)
        if prefix is None:
            return True
        if prefix in self.seen:
            return False
        self.seen.add(prefix)
        return True
