"""Every route, with every role and anonymous: who gets in, and who gets a 404.

A route missing from ``RULES`` fails the suite, so no new page can ship without a rule.
Objects a caller may not see answer 404, never 403; a handledare outside the participant's
team gets 404 on every participant route.
"""

from __future__ import annotations

import pytest
from flask import Flask

from tests.conftest import login
from tests.factories import participant_user

ANON, DELTAGARE, HANDLEDARE, OUTSIDER, UTBILDARE, ADMIN = (
    "anonymous", "deltagare", "handledare", "outsider", "utbildare", "admin")
SIGNED_IN = frozenset({DELTAGARE, HANDLEDARE, OUTSIDER, UTBILDARE, ADMIN})
STAFF = frozenset({HANDLEDARE, OUTSIDER, UTBILDARE, ADMIN})
HANDLEDARE_ROLE = frozenset({HANDLEDARE, OUTSIDER})
TRAINERS = frozenset({UTBILDARE, ADMIN})
EVERYONE = SIGNED_IN | {ANON}

# endpoint -> roles that may use it. Special values: "token" (JSON API: a session is not
# enough, everyone without a bearer token gets 401), "state" (needs a pending sign-in step:
# 404 for everyone who has none).
RULES: dict[str, frozenset[str] | str] = {
    "static": EVERYONE, "web.index": EVERYONE, "web.healthz": EVERYONE,
    "web.set_language": EVERYONE, "auth.login": EVERYONE, "auth.setup": EVERYONE,
    "auth.accept_invite": EVERYONE, "auth.logout": EVERYONE, "api.openapi": EVERYONE,
    "auth.login_totp": "state", "auth.totp_enrol": "state", "auth.totp_enrol_start": "state",
    "auth.account": SIGNED_IN, "auth.change_password": SIGNED_IN,
    "auth.sign_out_everywhere": SIGNED_IN,
    "auth.account_totp": STAFF, "auth.account_totp_start": STAFF,
    # recovery codes: staff with the second factor on (here only the admin has it)
    "auth.new_recovery_codes": frozenset({ADMIN}),
    "organisations.staff": frozenset({ADMIN}),
    "organisations.staff_password_link": frozenset({ADMIN}),
    "organisations.staff_account": frozenset({ADMIN}),
    "organisations.staff_roles": frozenset({ADMIN}),
    "organisations.deactivate_staff": frozenset({ADMIN}),
    "organisations.reactivate_staff": frozenset({ADMIN}),
    "organisations.revoke_staff_token": frozenset({ADMIN}),
    "organisations.admin_home": frozenset({ADMIN}),
    "organisations.organisations": frozenset({ADMIN}),
    "organisations.load_county": frozenset({ADMIN}),
    "organisations.insatser": frozenset({ADMIN}),
    "organisations.insats": frozenset({ADMIN}),
    "organisations.remove_member": frozenset({ADMIN}),
    "organisations.insats_edit": frozenset({ADMIN}),
    "organisations.revoke_staff_invite": frozenset({ADMIN}),
    "languages.languages": frozenset({ADMIN}), "languages.mark_reviewed": frozenset({ADMIN}),
    # only this session's language for the rating; the rating's own pages check who may see it
    "assessments.rating_language": SIGNED_IN,
    "assessments.instrument": frozenset({ADMIN}),
    "assessments.instrument_new_draft": frozenset({ADMIN}),
    "assessments.instrument_edit": frozenset({ADMIN}),
    "assessments.instrument_publish": frozenset({ADMIN}),
    "workspace.my_rating": frozenset({DELTAGARE}),
    "assessments.my_progress": frozenset({DELTAGARE}),
    "assessments.start_rating": frozenset({DELTAGARE}),
    "assessments.rating_step": frozenset({DELTAGARE}),
    "assessments.rating_check": frozenset({DELTAGARE}),
    "assessments.rating_submit": frozenset({DELTAGARE}),
    "assessments.rating_done": frozenset({DELTAGARE}),
    "privacy.my_access_log": frozenset({DELTAGARE}),
    "privacy.access_log_search": frozenset({ADMIN}),
    "privacy.my_data": frozenset({DELTAGARE}),
    "privacy.my_data_file": frozenset({DELTAGARE}),
    "privacy.anonymise": frozenset({HANDLEDARE}),  # about one participant: their team only
    "participants.my_reminders": frozenset({DELTAGARE}),
    "workspace.caseload": HANDLEDARE_ROLE,
    "participants.register": HANDLEDARE_ROLE,
    "participants.register_anonymous": HANDLEDARE_ROLE,
    "reports.index": STAFF,
    "reports.county_print": frozenset({ADMIN}), "reports.county_export": frozenset({ADMIN}),
    # an insats report: its team, its owner's staff and the admin (view tests check who)
    "reports.insats": STAFF, "reports.insats_print": STAFF, "reports.insats_export": STAFF,
    "reports.participant_file": HANDLEDARE_ROLE,
    "participants.follow_up": HANDLEDARE_ROLE,
    "assessments.together_unlock": HANDLEDARE_ROLE,
    "certification.index": STAFF, "certification.my_courses": STAFF,
    "certification.evaluate": STAFF, "certification.lookup": STAFF,
    "certification.certificate": STAFF, "certification.revoke": STAFF,
    "certification.esf": frozenset({ADMIN}), "certification.esf_export": frozenset({ADMIN}),
    "certification.settings": frozenset({ADMIN}),
    "api.me": "token", "api.instrument": "token", "api.participants": "token",
    "api.participant_ratings": "token", "api.certificates": "token",
    "api.county_report": "token", "api.insats_report": "token",
}
# Routes about one participant: the team's handledare only; an outsider gets 404.
PARTICIPANT_PREFIXES = ("participants.", "workspace.", "plans.", "assessments.together_",
                        "assessments.parallel_")
TRAINER_PREFIX = "certification."


def _rule_for(endpoint: str) -> frozenset[str] | str:
    if endpoint in RULES:
        return RULES[endpoint]
    if endpoint.startswith(PARTICIPANT_PREFIXES):
        return frozenset({HANDLEDARE})
    if endpoint.startswith(TRAINER_PREFIX):
        return TRAINERS
    raise AssertionError(f"no access rule for {endpoint}: add it to RULES")


@pytest.fixture
def scenario(app: Flask, clock, make_insats, make_certified_handledare, make_participant,
             make_staff, make_admin, certify):
    insats, elsewhere = make_insats(), make_insats()
    handledare = make_certified_handledare(insats)
    outsider = make_certified_handledare(elsewhere)
    participant = make_participant(insats, with_account=True, handledare=handledare)
    utbildare = make_staff("utbildare")
    certify(utbildare, kind="utbildare")
    users = {DELTAGARE: participant_user(app, participant), HANDLEDARE: handledare,
             OUTSIDER: outsider, UTBILDARE: utbildare, ADMIN: make_admin()}
    return participant, users


def _url(app: Flask, rule, participant) -> tuple[str, bool]:
    """The rule's URL with the scenario participant where it takes one; other ids are
    made up. Returns the URL and whether every argument names something real."""
    values: dict[str, object] = {}
    all_real = True
    for argument in rule.arguments:
        if argument in ("public_id", "participant_id") and rule.endpoint.startswith(
                PARTICIPANT_PREFIXES):
            values[argument] = participant.public_id
        elif argument in ("step", "indicator"):
            values[argument] = 1
        elif argument == "fmt":
            values[argument] = "csv"
        elif argument == "filename":
            values[argument] = "css/smail.css"
        elif argument in ("invite_id", "token_id"):  # integer route arguments
            values[argument] = 999_999
            all_real = False
        else:
            values[argument] = "unknown-id"
            all_real = False
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values), all_real


def _call(app: Flask, users, role: str, rule, url: str):
    client = app.test_client()
    if role != ANON:
        login(client, users[role])
    if "GET" in rule.methods:
        return client.get(url)
    return client.post(url, data={})


def test_every_route_has_a_rule_and_keeps_to_it(app: Flask, scenario):
    participant, users = scenario
    failures = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        expected = _rule_for(rule.endpoint)
        url, all_real = _url(app, rule, participant)
        for role in sorted(EVERYONE):
            response = _call(app, users, role, rule, url)
            status = response.status_code
            location = response.headers.get("Location", "")
            response.close()
            problem = None
            if status >= 500:
                problem = "server error"
            elif expected == "token":
                if status != 401:
                    problem = "API without a token must be 401"
            elif expected == "state":
                if status != 404:
                    problem = "needs a pending sign-in step: 404"
            elif role not in expected:
                to_login = status == 302 and "/login" in location
                if role == ANON and not to_login:
                    problem = "anonymous must be sent to sign in"
                if role != ANON and status != 404:
                    problem = "must be 404 (no enumeration)"
            elif all_real and status == 404:
                problem = "allowed role got 404"
            if problem:
                failures.append(f"{rule.endpoint} {url} as {role}: {status} ({problem})")
    assert not failures, "\n".join(failures)


def test_no_rule_names_a_route_that_does_not_exist(app: Flask):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(RULES) - endpoints == set()
