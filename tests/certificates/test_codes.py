import math

import pytest

from certificates.codes import ALPHABET, CODE_LENGTH, code_format, code_generate, code_normalise


def test_a_generated_code_is_16_crockford_characters_carrying_at_least_80_bits():
    code = code_generate()
    assert len(code) == CODE_LENGTH == 16
    assert set(code) <= set(ALPHABET)
    assert len(ALPHABET) == 32
    assert CODE_LENGTH * math.log2(len(ALPHABET)) >= 80


def test_generated_codes_do_not_repeat_and_use_the_whole_alphabet():
    codes = {code_generate() for _ in range(2000)}
    assert len(codes) == 2000
    assert set("".join(codes)) == set(ALPHABET)


def test_a_code_is_shown_in_four_groups_of_four():
    assert code_format("ABCDEFGHJKMNPQRS") == "ABCD-EFGH-JKMN-PQRS"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ABCD-EFGH-JKMN-PQRS", "ABCDEFGHJKMNPQRS"),
        ("ABCDEFGHJKMNPQRS", "ABCDEFGHJKMNPQRS"),
        ("abcd-efgh-jkmn-pqrs", "ABCDEFGHJKMNPQRS"),
        ("  abcd efgh jkmn pqrs ", "ABCDEFGHJKMNPQRS"),
        ("O0O0-0000-0000-0000", "0000000000000000"),
        ("oooo-0000-0000-0000", "0000000000000000"),
        ("IIII-LLLL-iiii-llll", "1111111111111111"),
        ("1I1L-1111-1111-1111", "1111111111111111"),
        ("ABCD-EFGH-JKMN-PQR", None),  # too short
        ("ABCD-EFGH-JKMN-PQRSX", None),  # too long
        ("ABCD-EFGH-JKMN-PQRU", None),  # U is not in Crockford's alphabet
        ("ABCD/EFGH/JKMN/PQRS", None),
        ("<script>alert(1)</script>", None),
        ("", None),
        ("A" * 1000, None),
    ],
)
def test_codes_are_read_as_crockford_reads_them(typed, expected):
    assert code_normalise(typed) == expected
