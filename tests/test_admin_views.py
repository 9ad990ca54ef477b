"""The förbund's administration: organisations, insatser, teams, instrument versions."""

from __future__ import annotations

from sqlalchemy import func, select

from smail_app.assessments.models import InstrumentVersion
from smail_app.extensions import db
from smail_app.organisations.models import Insats, Organisation, TeamMembership
from tests.conftest import login


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)))


def test_load_county_structure_once(app, client, make_admin):
    login(client, make_admin())
    client.post("/admin/organisations/county")
    client.post("/admin/organisations/county")
    assert _count(app, Organisation) == 11
    page = client.get("/admin/organisations").get_data(as_text=True)
    for name in ("Älvkarleby kommun", "Östhammars kommun", "Försäkringskassan", "Region Uppsala"):
        assert name in page


def test_organisation_name_must_be_unique(app, client, make_admin):
    login(client, make_admin())
    assert client.post("/admin/organisations", data={"name": "Heby kommun",
                                                     "kind": "kommun"}).status_code == 302
    again = client.post("/admin/organisations", data={"name": "Heby kommun", "kind": "kommun"})
    assert again.status_code == 422 and "finns redan" in again.get_data(as_text=True)
    bad_kind = client.post("/admin/organisations", data={"name": "X", "kind": "bolag"})
    assert bad_kind.status_code == 422
    assert _count(app, Organisation) == 1


def test_create_insats_and_team(app, client, make_admin, make_staff, certify):
    login(client, make_admin())
    client.post("/admin/organisations/county")
    with app.app_context():
        knivsta = db.session.scalar(select(Organisation).filter_by(name="Knivsta kommun"))
    response = client.post("/admin/insatser", data={
        "name": "En väg in – steget vidare", "owner": knivsta.public_id,
        "start_date": "2027-01-01", "end_date": "", "description": "Två sekreterare"})
    assert response.status_code == 302
    insats_url = response.headers["Location"]
    handledare = make_staff("handledare", name="Hanna")
    certify(handledare)
    uncertified = make_staff("handledare", name="Hugo")
    utbildare = make_staff("utbildare", name="Ulla")
    page = client.get(insats_url).get_data(as_text=True)
    assert "Hanna" in page and "Ulla" not in page  # only handledare are offered
    assert client.post(insats_url, data={"user": handledare.public_id}).status_code == 302
    refused = client.post(insats_url, data={"user": utbildare.public_id})
    assert refused.status_code == 422
    not_certified = client.post(insats_url, data={"user": uncertified.public_id})
    assert not_certified.status_code == 422
    assert _count(app, TeamMembership) == 1


def test_insats_dates_and_duplicates(app, client, make_admin):
    login(client, make_admin())
    client.post("/admin/organisations/county")
    with app.app_context():
        owner = db.session.scalar(select(Organisation).filter_by(name="Tierps kommun")).public_id
    base = {"name": "Ung framtid", "owner": owner, "start_date": "2027-01-01"}
    backwards = client.post("/admin/insatser", data=base | {"end_date": "2026-01-01"})
    assert backwards.status_code == 422 and "Slutdatum" in backwards.get_data(as_text=True)
    bad_date = client.post("/admin/insatser", data=base | {"start_date": "1 januari"})
    assert bad_date.status_code == 422
    unknown_owner = client.post("/admin/insatser", data=base | {"owner": "nope"})
    assert unknown_owner.status_code == 422
    assert client.post("/admin/insatser", data=base).status_code == 302
    assert client.post("/admin/insatser", data=base).status_code == 422
    assert _count(app, Insats) == 1


def test_unknown_insats_is_404(client, make_admin):
    login(client, make_admin())
    assert client.get("/admin/insatser/nope").status_code == 404


def test_admin_publishes_a_new_instrument_version(app, client, make_admin):
    login(client, make_admin())
    assert client.post("/admin/instrument/draft").status_code == 302
    edit = client.get("/admin/instrument/draft/3")
    assert edit.status_code == 200 and "Jag vet vad jag vill jobba med" in edit.get_data(
        as_text=True)
    blank = {f"{lang}_{i}": "" for lang in ("sv", "en") for i in (1, 2, 3)}
    empty = client.post("/admin/instrument/draft/3", data=blank)
    assert empty.status_code == 422
    missing_english = client.post("/admin/instrument/draft/3",
                                  data=blank | {"sv_1": "Jag har ett mål."})
    assert missing_english.status_code == 422
    saved = client.post("/admin/instrument/draft/3", data=blank | {
        "sv_1": "Jag har ett mål.", "en_1": "I have a goal.", "note": "Referensgruppen 2027"})
    assert saved.status_code == 302
    assert client.post("/admin/instrument/draft/publish").status_code == 302
    with app.app_context():
        latest = db.session.scalar(select(InstrumentVersion).order_by(
            InstrumentVersion.number.desc()))
        assert latest.number == 2 and latest.is_published
        assert [s.text_sv for s in latest.statements_for(3)] == ["Jag har ett mål."]
    assert client.get("/admin/instrument/draft/3").status_code == 404  # no draft now
    assert client.get("/admin/instrument/draft/9").status_code == 404


def test_admin_edits_an_insats_under_the_same_rules(app, client, make_admin, make_insats):
    login(client, make_admin())
    insats, other = make_insats(name="Steget"), make_insats(name="Vägen")
    with app.app_context():
        owner = db.session.scalar(select(Organisation.public_id))
    url = f"/admin/insatser/{insats.public_id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'value="Steget"' in page
    form = {"name": "Steget vidare", "owner": owner, "start_date": "2027-01-01",
            "end_date": "2028-06-30", "description": "Med Arbetsförmedlingen"}
    assert client.post(url, data=form).status_code == 302
    taken = client.post(url, data=form | {"name": "Vägen"})
    assert taken.status_code == 422 and "redan en insats" in taken.get_data(as_text=True)
    backwards = client.post(url, data=form | {"end_date": "2026-01-01"})
    assert backwards.status_code == 422
    with app.app_context():
        saved = db.session.get(Insats, insats.id)
        assert (saved.name, saved.end_date.isoformat(), saved.description) == (
            "Steget vidare", "2028-06-30", "Med Arbetsförmedlingen")
        assert db.session.get(Insats, other.id).name == "Vägen"


def test_admin_sees_and_withdraws_pending_staff_invites(app, client, make_admin):
    login(client, make_admin())
    page = client.post("/admin/staff", data={"email": "ny@heby.se", "role_handledare": "y"})
    link = page.get_data(as_text=True).split("data-invite-link>")[1].split("<")[0]
    listed = client.get("/admin/staff").get_data(as_text=True)
    assert "Inbjudningar som väntar" in listed and "ny@heby.se" in listed
    with app.app_context():
        from smail_app.auth.models import Invite

        invite_id = db.session.scalar(select(Invite.id))
    assert client.post(f"/admin/staff/invites/{invite_id}/revoke").status_code == 302
    assert "Inga inbjudningar väntar." in client.get("/admin/staff").get_data(as_text=True)
    client.post("/logout")
    assert client.get(link.replace("http://localhost", "")).status_code == 410
