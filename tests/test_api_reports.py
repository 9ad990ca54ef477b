"""The county and insats reports over the API (issue 9, "Exports and API"): the same numbers
and the same suppression as the pages, the same permissions, and bad parameters answered
with a 400 naming them."""

from __future__ import annotations

import pytest

from smail_app.reports import services as report_services
from smail_app.reports.model import plain
from smail_app.reports.period import PeriodKind, period
from tests.test_api import assert_documented, assert_json_error, bearer, issue_token
from tests.test_reports_views import setting  # noqa: F401 - the report fixture

COUNTY = "/api/v1/reports/county"
Q1 = "period=2027-Q1"


def _cell(report: dict, table: str, row: str, column: int) -> dict:
    rows = next(t for t in report["tables"] if t["key"] == table)["rows"]
    return next(r for r in rows if r["key"] == row)["cells"][column]


def test_the_county_report_is_the_pages_report_suppressed(app, client, setting):  # noqa: F811
    _insats, _handledare, admin, _owner = setting
    response = client.get(f"{COUNTY}?{Q1}", headers=bearer(issue_token(app, admin)))
    assert response.status_code == 200
    assert_documented(client, COUNTY, response)
    body = response.get_json()
    assert body["suppressed"] is True and body["period"] == "2027 Q1"
    assert (body["period_start"], body["period_end"]) == ("2027-01-01", "2027-03-31")
    with app.test_request_context():
        expected = plain(report_services.county_report(report_services.Filters(
            period(PeriodKind.QUARTER, 2027, 1, app.config["SMAIL_FROZEN_NOW"].date()))))
    assert body["tables"] == expected["tables"]
    # the three men are a small group: hidden, and their value is not sent at all
    men = [cell for table in body["tables"] for row in table["rows"]
           for cell in row["cells"][1:2] if cell["suppressed"]]
    assert men and all(cell["value"] is None for cell in men)
    assert "K0" not in response.get_data(as_text=True)


def test_the_insats_report_for_its_team_its_owner_and_others(app, client, setting,  # noqa: F811
                                                             make_insats,
                                                             make_certified_handledare):
    insats, handledare, admin, owner = setting
    path = f"/api/v1/reports/insats/{insats.public_id}"
    team = client.get(f"{path}?{Q1}", headers=bearer(issue_token(app, handledare)))
    assert team.status_code == 200 and team.get_json()["suppressed"] is False
    assert_documented(client, path.replace(insats.public_id, "{public_id}"), team)
    owner_view = client.get(f"{path}?{Q1}", headers=bearer(issue_token(app, owner)))
    assert owner_view.get_json()["suppressed"] is True
    outsider = make_certified_handledare(make_insats())
    assert_json_error(client.get(path, headers=bearer(issue_token(app, outsider))), 404)
    assert_json_error(client.get(COUNTY, headers=bearer(issue_token(app, handledare))), 404)
    assert client.get(COUNTY, headers=bearer(issue_token(app, admin))).status_code == 200


@pytest.mark.parametrize("query", [
    "period=2027-H3", "period=2027-Q5", "period=1999", "period=2101-H1", "period=2027H1",
    "period=hela&period=2027", "period=%D9%A3%D9%A3%D9%A3%D9%A3", "period=", "period=ar",
    "period=2027%0A", "period=hela%0A",
])
def test_a_bad_period_is_a_400_naming_it(app, client, setting, query):  # noqa: F811
    _insats, _handledare, admin, _owner = setting
    response = client.get(f"{COUNTY}?{query}", headers=bearer(issue_token(app, admin)))
    assert "period" in assert_json_error(response, 400)


@pytest.mark.parametrize(("query", "label"), [
    ("period=2027-H1", "2027 H1"), ("period=2027-Q2", "2027 Q2"), ("period=2026", "2026"),
    ("period=hela", "Insatsens hela tid"), ("", "2027 H1"),
])
def test_each_kind_of_period(app, client, setting, query, label):  # noqa: F811
    _insats, _handledare, admin, _owner = setting
    response = client.get(f"{COUNTY}?{query}", headers=bearer(issue_token(app, admin)))
    assert response.get_json()["period"] == label


@pytest.mark.parametrize("query", ["insats=okand", "kommun=okand", "kommun=x&kommun=y",
                                   "insats_type=okand"])
def test_an_unknown_filter_is_a_404(app, client, setting, query):  # noqa: F811
    _insats, _handledare, admin, _owner = setting
    response = client.get(f"{COUNTY}?{query}", headers=bearer(issue_token(app, admin)))
    assert_json_error(response, 404)
