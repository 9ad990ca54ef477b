"""Hostile input for the property-based bad-input tests, and the one check they make:
"a 4xx with a message, no 500, nothing written"."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from smail_app.extensions import db

# Free text, plus values each form might half-accept: numbers out of range, impossible dates
# and times, markup, SQL, bidi overrides, and real option values sent to the wrong field.
HOSTILE = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
    st.sampled_from(["", " ", "0", "6", "-1", "abc", "4.5", "1e3", "\x00", "<script>x</script>",
                     "' OR 1=1 --", "9" * 400, "2027-02-30", "2027-13", "ÅÄÖ", "\u202e", "null",
                     "=1+1", "25:00", "09:00", "ja", "nej", "godkand", "planerad", "partner",
                     "arbete_subventionerat", "1", "2027-02-01", "2027-04-01"]),
)
FUZZ = settings(max_examples=12, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


# Written on purpose by a refused request: the access log (and its head row), since a page
# shown again with its errors logs what it showed; and the lockout's count of wrong passwords
# and codes (auth/lockout.py), which a wrong guess must leave behind.
_WRITTEN_WHEN_REFUSED = ("access_log", "access_log_head", "sign_in_failures")


def _row_count() -> int:
    """Rows in every table but those a refused request writes on purpose."""
    return sum(db.session.scalar(select(func.count()).select_from(table))
               for table in db.metadata.sorted_tables
               if table.name not in _WRITTEN_WHEN_REFUSED)


def check_refused_or_fine(app: Flask, send: Callable[[], object]) -> None:
    """A 4xx says what is wrong and writes nothing but the access-log entry of what it
    showed; otherwise no 500."""
    with app.app_context():
        before = _row_count()
    response = send()
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    if 400 <= response.status_code < 500:
        assert response.get_data(as_text=True).strip(), "an error answer must say what is wrong"
        with app.app_context():
            db.session.expire_all()
            assert _row_count() == before
