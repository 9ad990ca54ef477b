"""Registering participants, their invites, who may see them, and the access log."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from smail_app.audit.models import AccessLogEntry
from smail_app.auth.models import Invite
from smail_app.extensions import db
from smail_app.participants.models import Participant
from tests.conftest import login
from tests.factories import PASSWORD, participant_user


def _register(client, target, **overrides):
    form = {"insats": target.public_id, "code": "KNI-001", "alias": "Sam",
            "birth_year": "1998", "gender": "kvinna", "kommun": "", "start_date": "2027-03-01"}
    return client.post("/participants/new", data=form | overrides)


def _invite_token(page: str) -> str:
    return page.split("data-invite-link>")[1].split("<")[0].rsplit("/", 1)[1]


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)))


def test_register_participant_gives_link_and_qr(app, client, clock, make_insats,
                                                make_certified_handledare):
    insats = make_insats()
    login(client, make_certified_handledare(insats))
    response = _register(client, insats)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "/invite/" in page and 'src="data:image/svg+xml' in page
    assert "gäller i 7 dagar" in page
    with app.app_context():
        participant = db.session.scalar(select(Participant))
        assert (participant.code, participant.alias, participant.birth_year) == \
            ("KNI-001", "Sam", 1998)
        assert db.session.scalar(select(func.count(Invite.id))) == 1


def test_duplicate_code_in_the_same_insats_is_refused(app, client, clock, make_insats,
                                                      make_certified_handledare):
    insats = make_insats()
    login(client, make_certified_handledare(insats))
    _register(client, insats)
    again = _register(client, insats, alias="Other")
    assert again.status_code == 422
    assert "Koden används redan" in again.get_data(as_text=True)
    assert _count(app, Participant) == 1


def test_same_code_in_another_insats_is_fine(app, client, clock, make_insats,
                                             make_certified_handledare):
    first, second = make_insats(), make_insats()
    handledare = make_certified_handledare(first)
    with app.app_context():
        from smail_app.clock import now
        from smail_app.organisations.models import TeamMembership

        db.session.add(TeamMembership(insats_id=second.id, user_id=handledare.id, added_dt=now()))
        db.session.commit()
    login(client, handledare)
    assert _register(client, first).status_code == 200
    assert _register(client, second).status_code == 200


def test_bad_registration_input(app, client, clock, make_insats, make_certified_handledare):
    insats = make_insats()
    other = make_insats()
    login(client, make_certified_handledare(insats))
    cases = [
        {"code": ""}, {"code": "<script>"}, {"birth_year": "abc"}, {"birth_year": "1900"},
        {"birth_year": "2020"}, {"gender": "robot"}, {"start_date": "31/02/2027"},
        {"start_date": ""}, {"insats": other.public_id}, {"code": "x" * 41},
    ]
    for overrides in cases:
        response = _register(client, insats, **overrides)
        assert response.status_code == 422, overrides
        assert "Det finns ett problem" in response.get_data(as_text=True)
    assert _count(app, Participant) == 0


def test_a_personnummer_is_refused_as_code_or_alias(app, client, clock, make_insats,
                                                    make_certified_handledare):
    """Registered under the very hint "Inget personnummer" before; now refused, with a reason."""
    insats = make_insats()
    login(client, make_certified_handledare(insats))
    for overrides in ({"code": "19811218-9876"}, {"code": "8112189876"},
                      {"code": "701063-2391"}, {"alias": "Sam 811218-9876"}):
        response = _register(client, insats, **overrides)
        assert response.status_code == 422, overrides
        assert "ser ut som ett personnummer" in response.get_data(as_text=True)
    assert _count(app, Participant) == 0
    # Same shape, wrong check digit: an ordinary code.
    assert _register(client, insats, code="19811218-9875").status_code == 200


def test_gender_has_no_default_and_must_be_chosen(app, client, clock, make_insats,
                                                  make_certified_handledare):
    """A forgotten field used to become "Kvinna" in every gender statistic."""
    insats = make_insats()
    login(client, make_certified_handledare(insats))
    form_page = client.get("/participants/new").get_data(as_text=True)
    gender_select = form_page.split('name="gender"')[1].split("</select>")[0]
    # The browser shows the first option, the empty "Välj kön", and `required` stops sending it.
    assert gender_select.startswith(' required><option value="">')
    assert "selected" not in gender_select and "Vill ej uppge" in gender_select
    response = _register(client, insats, gender="")
    assert response.status_code == 422
    assert "Välj ett alternativ." in response.get_data(as_text=True)
    assert _count(app, Participant) == 0
    assert _register(client, insats, gender="vill_ej_uppge").status_code == 200


def test_participant_invite_creates_an_account_once(app, client, clock, make_insats,
                                                    make_certified_handledare):
    insats = make_insats()
    login(client, make_certified_handledare(insats))
    token = _invite_token(_register(client, insats).get_data(as_text=True))
    client.post("/logout")
    form = {"username": "Sam.K", "password": PASSWORD, "password_again": PASSWORD}
    response = client.post(f"/invite/{token}", data=form)
    assert response.status_code == 302 and response.headers["Location"] == "/me"
    assert "Min skattning" in client.get("/me").get_data(as_text=True)
    client.post("/logout")
    assert client.get(f"/invite/{token}").status_code == 410
    assert client.post(f"/invite/{token}", data=form | {"username": "annan"}).status_code == 410
    assert client.post("/login", data={"login": "sam.k", "password": PASSWORD}).status_code == 302


def test_invite_page_shows_the_configured_validity(app, client, clock, make_insats,
                                                   make_certified_handledare):
    app.config["SMAIL_INVITE_VALID_DAYS"] = 3
    insats = make_insats()
    login(client, make_certified_handledare(insats))
    page = _register(client, insats).get_data(as_text=True)
    assert "gäller i 3 dagar" in page and "7 dagar" not in page
    with app.app_context():
        invite = db.session.scalar(select(Invite))
        assert invite.expires_dt - invite.created_dt == timedelta(days=3)


def test_accepting_an_invite_signs_in_with_one_commit(app, client, clock, make_insats,
                                                      make_certified_handledare):
    insats = make_insats()
    login(client, make_certified_handledare(insats))
    token = _invite_token(_register(client, insats).get_data(as_text=True))
    client.post("/logout")
    commits = []

    def count(session) -> None:
        commits.append(session)

    event.listen(Session, "after_commit", count)
    try:
        response = client.post(f"/invite/{token}", data={
            "username": "sam.k", "password": PASSWORD, "password_again": PASSWORD})
    finally:
        event.remove(Session, "after_commit", count)
    assert response.status_code == 302 and response.headers["Location"] == "/me"
    assert len(commits) == 1


def test_participant_username_rules(app, client, clock, make_participant):
    from smail_app.auth import services as auth_services
    from smail_app.auth.models import InviteKind

    participant = make_participant()
    with app.app_context():
        auth_services.create_participant_user("upptaget", PASSWORD)
        token = auth_services.issue_invite(InviteKind.PARTICIPANT,
                                           participant_id=participant.id).token
        db.session.commit()
    for username in ("ab", "upptaget", "med mellanslag", "å" * 5):
        response = client.post(f"/invite/{token}", data={
            "username": username, "password": PASSWORD, "password_again": PASSWORD})
        assert response.status_code == 422, username
    mismatch = client.post(f"/invite/{token}", data={
        "username": "ledigt", "password": PASSWORD, "password_again": "annat lösenord"})
    assert mismatch.status_code == 422
    with app.app_context():
        assert db.session.get(Participant, participant.id).user_id is None


def test_new_invite_revokes_the_old_link(app, client, clock, make_insats,
                                         make_certified_handledare):
    insats = make_insats()
    login(client, make_certified_handledare(insats))
    first = _register(client, insats).get_data(as_text=True)
    old_token = first.split("data-invite-link>")[1].split("<")[0].rsplit("/", 1)[1]
    with app.app_context():
        public_id = db.session.scalar(select(Participant.public_id))
    second = client.post(f"/participants/{public_id}/invite")
    assert second.status_code == 200
    assert client.get(f"/invite/{old_token}").status_code == 410


def test_handledare_sees_only_participants_of_their_teams(app, client, clock, make_insats,
                                                          make_certified_handledare,
                                                          make_participant):
    mine, theirs = make_insats(), make_insats()
    handledare = make_certified_handledare(mine)
    own = make_participant(mine, code="MIN-1")
    outsider = make_participant(theirs, code="ANN-1")
    login(client, handledare)
    listing = client.get("/participants/").get_data(as_text=True)
    assert "MIN-1" in listing and "ANN-1" not in listing
    assert client.get(f"/participants/{own.public_id}").status_code == 200
    assert client.get(f"/participants/{outsider.public_id}").status_code == 404
    assert client.post(f"/participants/{outsider.public_id}/invite").status_code == 404


def test_staff_views_are_logged_and_the_participant_can_read_the_log(
        app, client, clock, make_insats, make_certified_handledare, make_participant):
    from tests.factories import participant_user

    insats = make_insats()
    handledare = make_certified_handledare(insats, name="Hanna Handledare")
    participant = make_participant(insats, with_account=True)
    login(client, handledare)
    client.get(f"/participants/{participant.public_id}")
    client.post("/logout")
    with app.app_context():
        entries = db.session.scalars(select(AccessLogEntry)).all()
        assert [(e.action, e.actor_id) for e in entries] == [("view", handledare.id)]
    login(client, participant_user(app, participant))
    page = client.get("/me/access-log").get_data(as_text=True)
    assert "Hanna Handledare" in page and "tittade på dina uppgifter" in page


def test_access_log_is_append_only(app, ctx, clock, make_participant, make_staff):
    import pytest

    from smail_app.audit.services import log_access
    from smail_app.auth.models import User

    participant = db.session.get(Participant, make_participant().id)
    staff = db.session.get(User, make_staff("handledare").id)
    log_access(staff, participant, "view")
    db.session.commit()
    entry = db.session.scalar(select(AccessLogEntry))
    entry.action = "nothing to see"
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    with pytest.raises(PermissionError):
        db.session.delete(db.session.scalar(select(AccessLogEntry)))
        db.session.commit()


def test_forgotten_password_gets_a_new_single_use_link(app, client, clock, make_insats,
                                                       make_certified_handledare,
                                                       make_participant):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, with_account=True)
    login(client, handledare)
    first = client.post(f"/participants/{participant.public_id}/password-link")
    assert first.status_code == 200
    assert "Länk för nytt lösenord" in first.get_data(as_text=True)
    old_token = first.get_data(as_text=True).split("data-invite-link>")[1].split("<")[0]
    page = client.post(f"/participants/{participant.public_id}/password-link")
    token = page.get_data(as_text=True).split("data-invite-link>")[1].split("<")[0]
    client.post("/logout")
    assert client.get(old_token.replace("http://localhost", "")).status_code == 410
    path = token.replace("http://localhost", "")
    short = client.post(path, data={"password": "kort", "password_again": "kort"})
    assert short.status_code == 422
    done = client.post(path, data={"password": "ett nytt lösenord",
                                   "password_again": "ett nytt lösenord"})
    assert done.status_code == 302 and done.headers["Location"] == "/me"
    client.post("/logout")
    assert client.get(path).status_code == 410
    user = participant_user(app, participant)
    assert client.post("/login", data={"login": user.username,
                                       "password": "ett nytt lösenord"}).status_code == 302
    with app.app_context():
        actions = [e.detail for e in db.session.scalars(select(AccessLogEntry))]
        assert actions.count("password link") == 2


def test_no_password_link_before_the_participant_has_an_account(
        app, client, clock, make_insats, make_certified_handledare, make_participant):
    insats = make_insats()
    login(client, make_certified_handledare(insats))
    participant = make_participant(insats)
    response = client.post(f"/participants/{participant.public_id}/password-link")
    assert response.status_code == 302
    assert _count(app, Invite) == 0


def test_admin_gives_staff_a_password_link(app, client, make_admin, make_staff):
    staff = make_staff("handledare")
    login(client, make_admin())
    page = client.post(f"/admin/staff/{staff.public_id}/password-link")
    assert page.status_code == 200
    link = page.get_data(as_text=True).split("data-invite-link>")[1].split("<")[0]
    client.post("/logout")
    path = link.replace("http://localhost", "")
    assert staff.email in client.get(path).get_data(as_text=True)
    response = client.post(path, data={"password": "nytt för personal",
                                       "password_again": "nytt för personal"})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert client.post("/login", data={"login": staff.email,
                                       "password": "nytt för personal"}).status_code == 302


def test_participant_invite_page_states_the_configured_validity(app, client, make_insats,
                                                                make_certified_handledare):
    app.config["SMAIL_INVITE_VALID_DAYS"] = 3
    insats = make_insats()
    login(client, make_certified_handledare(insats))
    page = _register(client, insats).get_data(as_text=True)
    assert "gäller i 3 dagar" in page and "7 dagar" not in page
