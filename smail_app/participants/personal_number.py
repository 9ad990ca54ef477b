"""Swedish personal identity numbers (personnummer and samordningsnummer) kept out of the app.

Participants are known by a code, never by their personnummer: the code and alias refuse
anything that looks like one, and free text (notes, activities) warns when it holds one.
"""

from __future__ import annotations

import re
from datetime import date

# 6 or 8 digits of birth date, an optional separator ("-", "+" for 100+ years, or a space),
# then 4 digits; not glued to other digits.
_CANDIDATE = re.compile(r"(?<!\d)(\d{6}|\d{8})[-+ ]?(\d{4})(?!\d)")
SAMORDNINGSNUMMER_DAY_OFFSET = 60


def _luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(digits):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _plausible_birth_date(yymmdd: str) -> bool:
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    if day > SAMORDNINGSNUMMER_DAY_OFFSET:
        day -= SAMORDNINGSNUMMER_DAY_OFFSET
    try:
        # A leap year, so that 29 February counts as plausible.
        date(2000, month, day)
    except ValueError:
        return False
    return True


def _is_identity_number(birth: str, serial: str) -> bool:
    yymmdd = birth[-6:]
    return _plausible_birth_date(yymmdd) and _luhn_valid(yymmdd + serial)


def contains_personal_number(text: str) -> bool:
    """True when ``text`` holds something shaped like a personnummer or samordningsnummer
    (10 or 12 digits, with or without separator) whose date and check digit are valid."""
    return any(_is_identity_number(match.group(1), match.group(2))
               for match in _CANDIDATE.finditer(text or ""))
