"""Personnummer and samordningsnummer are recognised in every written form, and ordinary
codes and numbers are not."""

import pytest

from smail_app.participants.personal_number import contains_personal_number


@pytest.mark.parametrize("text", [
    "811218-9876", "8112189876", "19811218-9876", "198112189876", "811218+9876",
    "Ring 19811218 9876 i morgon",
    "701063-2391",  # samordningsnummer: day 03 + 60
    "20000229-0005",  # leap day
])
def test_identity_numbers_are_found(text):
    assert contains_personal_number(text)


@pytest.mark.parametrize("text", [
    "811218-9875",  # wrong check digit
    "811318-9876",  # month 13
    "UPP-0012", "deltagare 42", "", "0701234567x", "1234567890123",
    "2027-03-12",  # a date
    "ABC811218-98761",  # glued to more digits
])
def test_ordinary_text_is_not_taken_for_one(text):
    assert not contains_personal_number(text)
