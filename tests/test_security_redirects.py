"""Issue 8, point 2: no open redirect and no 500 from a hostile ``next``, ``return_to`` or
language-switch target. One check (``web.safe_next``) serves all three."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from smail_app.web import safe_next
from tests.conftest import login
from tests.factories import PASSWORD

# The attacks reproduced in issue 8, and their relatives: each would leave the site (or break
# the Location header) if it reached a redirect.
ATTACKS = [
    "/%09/evil.example/",
    "/\t/evil.example/",
    "/%0a/x",
    "/\n/x",
    "/%0d%0aSet-Cookie:%20stolen=1",
    "/\r\nLocation: https://evil.example",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "/%5Cevil.example",
    "/%2F/evil.example",
    "/%252F/evil.example",
    "https://evil.example/",
    "HTTPS:evil.example",
    "javascript:alert(1)",
    " /x",
    "/ /evil.example",
    "/%20/evil.example",
    "/\u3000/evil.example",
    "/\u202e/x",
    "evil.example",
    "",
]


@pytest.mark.parametrize("target", ATTACKS)
def test_safe_next_refuses(target):
    assert safe_next(target) is None


@pytest.mark.parametrize("target", ["/", "/participants/", "/participants/abc?page=2",
                                    "/participants/?q=a%20b", "/reports/insats?from=2027-01"])
def test_safe_next_keeps_paths_on_this_site(target):
    assert safe_next(target) == target


def _home_after_login(client, user, next_value):
    return client.post("/login", data={"login": user.email, "password": PASSWORD,
                                       "next": next_value})


@pytest.mark.parametrize("target", ["/%09/evil.example/", "/%0a/x",
                                    "/%0d%0aSet-Cookie:%20stolen=1"])
def test_login_with_hostile_next_in_the_address_is_shown_and_ignored(app, make_staff, target):
    """The exact attack of the issue: ``/login?next=...``, then sign in."""
    user = make_staff("handledare")
    client = app.test_client()
    page = client.get(f"/login?next={target}")
    assert page.status_code == 200
    response = _home_after_login(client, user, unquote(target))
    assert response.status_code == 302
    assert response.headers["Location"] == "/participants/"


@pytest.mark.parametrize("target", ATTACKS)
def test_login_never_redirects_off_site(app, make_staff, target):
    user = make_staff("handledare")
    response = _home_after_login(app.test_client(), user, target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/participants/"


def test_login_keeps_a_safe_next(app, make_staff):
    user = make_staff("handledare")
    response = _home_after_login(app.test_client(), user, "/account")
    assert response.headers["Location"] == "/account"


@pytest.mark.parametrize("target", ATTACKS)
def test_language_switch_never_redirects_off_site(client, target):
    response = client.post("/language", data={"language": "en", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_language_switch_from_a_page_with_a_query_goes_back_to_it(client):
    response = client.post("/language", data={"language": "en",
                                              "next": "/login?next=/participants/%3Fq%3Da%2520b"})
    assert response.headers["Location"] == "/login?next=/participants/%3Fq%3Da%2520b"


@pytest.mark.parametrize("target", ["/%09/evil.example/", "/%0a/x", "//evil.example/",
                                    "/\\evil.example/"])
def test_rating_step_return_to_stays_on_site(app, clock, make_insats,
                                             make_certified_handledare, make_participant,
                                             target):
    insats = make_insats()
    user = make_certified_handledare(insats)
    participant = make_participant(insats)
    client = app.test_client()
    login(client, user)
    step = client.post(f"/participants/{participant.public_id}/parallel").headers["Location"]
    shown = client.get(step, query_string={"return_to": target})
    assert shown.status_code == 200
    assert '<input type="hidden" name="return_to" value="">' in shown.get_data(as_text=True)
    statement = _first_statement_field(shown.get_data(as_text=True))
    response = client.post(step, data={statement: "3", "direction": "next",
                                       "return_to": target})
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]
    assert response.headers["Location"].startswith("/")
    assert not response.headers["Location"].startswith("//")


def _first_statement_field(page: str) -> str:
    return re.search(r'name="(s\d+)"', page).group(1)


def test_second_factor_sign_in_ignores_hostile_next(app, make_admin):
    """The next kept in the session while the second factor is asked is checked too."""
    import pyotp

    admin = make_admin()
    client = app.test_client()
    response = _home_after_login(client, admin, "/%09/evil.example/")
    assert response.headers["Location"].endswith("/login/code")
    response = client.post("/login/code", data={"code": pyotp.TOTP(admin.totp_secret).now()})
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
