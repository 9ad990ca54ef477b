"""Issue 12 point 4: static files under content-hashed names with a year's immutable cache,
compressed by Flask-Compress; the participant's rating page stays small on a first visit."""

from __future__ import annotations

import re

from flask import url_for

from tests.factories import participant_user

RATING_PAGE_BUDGET = 60 * 1024  # bytes transferred on a first visit, assets included


def test_static_urls_carry_the_content_hash_and_are_cached_for_a_year(app, client):
    with app.test_request_context():
        url = url_for("static", filename="css/smail.css")
    assert re.fullmatch(r"/static/css/smail\.[0-9a-f]{10}\.css", url)
    hashed = client.get(url)
    assert hashed.status_code == 200 and b".site-header" in hashed.data
    assert "immutable" in hashed.headers["Cache-Control"]
    assert "max-age=31536000" in hashed.headers["Cache-Control"]
    plain = client.get("/static/css/smail.css")
    assert plain.status_code == 200 and b".site-header" in plain.data
    assert "immutable" not in plain.headers["Cache-Control"]
    assert client.get("/static/css/smail.0123456789.css").status_code == 404  # stale name
    assert client.get("/static/../config.py").status_code == 404


def test_text_is_compressed_as_the_browser_accepts(app, client):
    with app.test_request_context():
        url = url_for("static", filename="css/smail.css")
    for encoding in ("br", "gzip"):
        response = client.get(url, headers={"Accept-Encoding": encoding})
        assert response.headers.get("Content-Encoding") == encoding and response.data
        assert "Accept-Encoding" in response.headers.get("Vary", "")
    # Pages are not compressed: a CSRF token beside reflected text invites BREACH.
    assert client.get("/login", headers={"Accept-Encoding": "br, gzip"}).headers.get(
        "Content-Encoding") is None
    identity = client.get(url)
    assert identity.headers.get("Content-Encoding") is None and b".site-header" in identity.data


def test_rating_page_with_its_assets_stays_within_budget(app, client, clock, make_participant,
                                                        login_as):
    participant = make_participant(with_account=True)
    login_as(participant_user(app, participant))
    step = client.post("/me/rating").headers["Location"]
    assert "/step/1" in step
    page = client.get(step, headers={"Accept-Encoding": "br, gzip"})
    assert page.status_code == 200
    html = client.get(step).get_data(as_text=True)
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
    assert not any("chart" in a for a in assets)  # Chart.js only where there are charts
    total = len(page.data) + sum(
        len(client.get(asset, headers={"Accept-Encoding": "br, gzip"}).data) for asset in assets)
    assert total <= RATING_PAGE_BUDGET, f"{total} bytes"
    print(f"rating step, first visit: {total} bytes in {1 + len(assets)} responses")
