"""The report pages and exports: who sees what, suppression outside the team, CSV with BOM,
the workbook, the pseudonymised participant file, hostile filters."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from smail_app.auth.models import User
from smail_app.extensions import db
from smail_app.participants.models import ExitReason
from tests.conftest import login
from tests.factories import make_participant

Q1 = "kind=kvartal&year=2027&number=1"


@pytest.fixture
def setting(app, clock, make_insats, make_certified_handledare, make_admin, make_staff):
    clock.set(date(2027, 6, 1))
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    for n in range(6):
        make_participant(app, insats, code=f"K{n}", gender="kvinna",
                         start_date=date(2027, 1, 10), alias="Hemlig")
    for n in range(3):
        make_participant(app, insats, code=f"M{n}", gender="man", start_date=date(2027, 2, 1))
    make_participant(app, insats, code="FEL", gender="man", start_date=date(2027, 2, 1),
                     exit_date=date(2027, 2, 2), exit_reason=ExitReason.MISREGISTERED)
    owner_staff = make_staff("utbildare")
    with app.app_context():
        user = db.session.get(User, owner_staff.id)
        from smail_app.organisations.models import Insats

        user.organisation_id = db.session.get(Insats, insats.id).owner_id
        db.session.commit()
    return insats, handledare, make_admin(), owner_staff


def test_county_report_is_suppressed(client, setting):
    insats, _handledare, admin, _owner = setting
    login(client, admin)
    page = client.get(f"/reports/?{Q1}").get_data(as_text=True)
    assert "1. Deltagare och avslut" in page and "3d. Månader i insatsen" in page
    assert "&lt;5" in page  # the 3 men
    assert "data-report-chart" in page and "/export.csv" in page and "/export.xlsx" in page
    assert "Hemlig" not in page and "K0" not in page


def test_insats_report_for_team_owner_and_outsiders(client, setting, make_insats,
                                                     make_certified_handledare):
    insats, handledare, admin, owner = setting
    login(client, handledare)
    page = client.get(f"/reports/insats/{insats.public_id}?{Q1}").get_data(as_text=True)
    assert "Insatsteamets egen vy" in page and "&lt;5" not in page
    assert "/deltagare.csv" in page
    file = client.get(f"/reports/insats/{insats.public_id}/deltagare.csv")
    text = file.data.decode("utf-8-sig")
    assert file.data.startswith(b"\xef\xbb\xbf") and "K0" in text
    assert "Hemlig" not in text and "FEL" not in text  # codes only; no mistakes
    client.post("/logout")
    login(client, owner)
    page = client.get(f"/reports/insats/{insats.public_id}?{Q1}").get_data(as_text=True)
    assert "&lt;5" in page and "/deltagare.csv" not in page
    assert client.get(f"/reports/insats/{insats.public_id}/deltagare.csv").status_code == 404
    assert client.get(f"/reports/?{Q1}").status_code == 200  # a list, not the county
    assert "Länsrapport" not in client.get("/reports/").get_data(as_text=True)
    assert client.get(f"/reports/export.xlsx?{Q1}").status_code == 404
    client.post("/logout")
    login(client, make_certified_handledare(make_insats()))
    assert client.get(f"/reports/insats/{insats.public_id}").status_code == 404
    assert client.get(f"/reports/insats/{insats.public_id}/export.csv").status_code == 404


def test_exports(client, setting):
    insats, _handledare, admin, _owner = setting
    login(client, admin)
    one = client.get(f"/reports/export.csv?{Q1}&table=oversikt")
    assert one.status_code == 200 and one.data.startswith(b"\xef\xbb\xbf")
    text = one.data.decode("utf-8-sig")
    # 3 men hidden; the 6 women too, or 9 - 6 would give the men back
    assert "Deltagare under perioden;..;<5;0;9" in text
    book = load_workbook(io.BytesIO(client.get(f"/reports/export.xlsx?{Q1}").data))
    assert len(book.sheetnames) == 13  # tables 1-3 (7), 4a-4d and the county's own 4e-4f
    sheet = book[book.sheetnames[0]]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["Deltagare under perioden", "..", "<5", 0, 9] in rows
    assert client.get(f"/reports/export.csv?{Q1}&table=nope").status_code == 404
    assert client.get(f"/reports/export.pdf?{Q1}").status_code == 404
    assert client.get(f"/reports/print?{Q1}").status_code == 200


@pytest.mark.parametrize("query", [
    "kind=evig&year=2027", "kind=kvartal&year=99999999999", "kind=ar&year=abc",
    "kind=kvartal&year=2027&number=9", "insats=<script>", "kommun=' OR 1=1",
])
def test_hostile_filters_get_a_message_not_a_500(client, setting, query):
    _insats, _handledare, admin, _owner = setting
    login(client, admin)
    response = client.get(f"/reports/?{query}")
    assert response.status_code in (200, 422)
    assert "1. Deltagare och avslut" in response.get_data(as_text=True)


def test_the_county_report_filters_by_type_of_insats(app, client, setting, make_insats):
    insats, _handledare, admin, _owner = setting
    other = make_insats("Unga vuxna")
    with app.app_context():
        from smail_app.organisations.models import Insats

        db.session.get(Insats, insats.id).insats_type = "Arbetsträning"
        db.session.get(Insats, other.id).insats_type = "Unga"
        db.session.commit()
    login(client, admin)
    page = client.get(f"/reports/?{Q1}").get_data(as_text=True)
    assert '<option value="Arbetsträning">' in page and '<option value="Unga">' in page
    trained = client.get(f"/reports/?{Q1}&insats_type=Arbetsträning").get_data(as_text=True)
    young = client.get(f"/reports/?{Q1}&insats_type=Unga").get_data(as_text=True)
    assert "Arbetsträning" in trained.split("<h1")[1].split("</p>")[0]  # named in the scope
    # the nine participants are all in the Arbetsträning insats; Unga has none
    assert ">9<" in trained and ">9<" not in young
    assert client.get(f"/reports/?{Q1}&insats_type=Okänd").status_code == 422
