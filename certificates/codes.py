"""Verification codes: 80 random bits written as 16 Crockford base32 characters."""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 16 characters x 5 bits = 80 bits
GROUP = 4

# Crockford's decoding: letters that look like digits read as those digits.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans("", "", "- \t\n")


def code_generate() -> str:
    """A fresh code from the operating system's CSPRNG (stored without dashes)."""
    value = secrets.randbits(CODE_LENGTH * 5)
    chars = []
    for _ in range(CODE_LENGTH):
        chars.append(ALPHABET[value & 0x1F])
        value >>= 5
    return "".join(reversed(chars))


def code_normalise(raw: str) -> str | None:
    """The stored form of a code typed by a person, or None if it cannot be one.

    Accepts dashes and spaces, any case, and O for 0 and I or L for 1, as Crockford reads them.
    """
    if not raw or len(raw) > 64:
        return None
    code = raw.translate(_SEPARATORS).upper().translate(_READ_AS)
    if len(code) != CODE_LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code


def code_format(code: str) -> str:
    """Groups of four for people: ABCD-EFGH-JKMN-PQRS."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
