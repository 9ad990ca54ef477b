"""The common-password blocklist shipped with the app (common_passwords.txt).

A long password can still be one that every guessing list tries first ("password123",
"sommar2026"); these are refused when an account chooses its password. The check also sees
through a common word with a few digits or signs added at the end, which is how most of
those lists' entries are varied.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

# up to six digits or signs added to a common word: "dragon2026", "sunshine!"
_ADDED_ENDING = re.compile(r"[\d\W_]{1,6}$")


@cache
def _blocklist() -> frozenset[str]:
    text = resources.files("smail_app.auth").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def is_common(password: str) -> bool:
    folded = password.strip().casefold()
    if folded in _blocklist():
        return True
    base = _ADDED_ENDING.sub("", folded)
    return base != folded and len(base) >= 4 and base in _blocklist()
