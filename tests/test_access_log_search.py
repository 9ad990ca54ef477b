"""The admin finds who looked at a participant, by code or by staff member, without seeing
the participant's data (issue 8, point 3)."""

from __future__ import annotations

from smail_app.audit.models import AccessAction
from smail_app.audit.services import log_access
from smail_app.auth.models import User
from smail_app.extensions import db
from smail_app.participants.models import Participant
from tests.conftest import login


def _seed(app, make_staff, make_participant, make_insats):
    insats = make_insats(name="Steget")
    hanna = make_staff("handledare", name="Hanna Berg", email="hanna@heby.se")
    olle = make_staff("handledare", name="Olle Ek", email="olle@heby.se")
    anna = make_participant(insats, code="HEB-014", alias="Anna Andersson")
    other = make_participant(insats, code="HEB-015")
    with app.app_context():
        hanna_user, olle_user = db.session.get(User, hanna.id), db.session.get(User, olle.id)
        anna_p = db.session.get(Participant, anna.id)
        other_p = db.session.get(Participant, other.id)
        log_access(hanna_user, anna_p, AccessAction.VIEW, "plan")
        log_access(olle_user, anna_p, AccessAction.UPDATE, "note")
        log_access(olle_user, other_p, AccessAction.VIEW)
        db.session.commit()


def test_admin_finds_entries_by_participant_code(app, client, make_admin, make_staff,
                                                  make_participant, make_insats):
    _seed(app, make_staff, make_participant, make_insats)
    login(client, make_admin())
    response = client.get("/admin/access-log", query_string={"participant": "heb-014"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 poster." in page
    assert "Hanna Berg" in page and "Olle Ek" in page and "HEB-014" in page
    assert "HEB-015" not in page
    assert "Anna Andersson" not in page  # the log, not the participant's data


def test_admin_finds_entries_by_staff_email_or_name(app, client, make_admin, make_staff,
                                                     make_participant, make_insats):
    _seed(app, make_staff, make_participant, make_insats)
    login(client, make_admin())
    by_email = client.get("/admin/access-log", query_string={"staff": "OLLE@heby.se"})
    assert "2 poster." in by_email.get_data(as_text=True)
    by_name = client.get("/admin/access-log", query_string={"staff": "berg"})
    page = by_name.get_data(as_text=True)
    assert "1 post." in page and "HEB-014" in page and "Olle" not in page
    both = client.get("/admin/access-log", query_string={"staff": "olle@heby.se",
                                                         "participant": "HEB-015"})
    assert "1 post." in both.get_data(as_text=True)
    wildcard = client.get("/admin/access-log", query_string={"staff": "%"})
    assert "0 poster." in wildcard.get_data(as_text=True)


def test_search_without_terms_shows_only_the_form_and_long_terms_are_refused(
        app, client, make_admin):
    login(client, make_admin())
    empty = client.get("/admin/access-log")
    assert empty.status_code == 200 and "Träffar" not in empty.get_data(as_text=True)
    too_long = client.get("/admin/access-log", query_string={"participant": "x" * 41})
    assert too_long.status_code == 422
    assert "Träffar" not in too_long.get_data(as_text=True)
