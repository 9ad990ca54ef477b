"""Property-based bad input on every certification form: never a 500, a 4xx says what is
wrong, and a refused request writes nothing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from smail_app.extensions import db
from tests.conftest import login
from tests.hostile_input import FUZZ, HOSTILE, check_refused_or_fine
from tests.test_certification_views import _mark_everything, scene  # noqa: F401 - fixture


@FUZZ
@given(title=HOSTILE, kind=HOSTILE, day=HOSTILE, start=HOSTILE, end=HOSTILE, hours=HOSTILE,
       organisation=HOSTILE)
def test_course_forms(app, client, scene, title, kind, day, start, end, hours,  # noqa: F811
                      organisation):
    login(client, scene.utbildare)
    check_refused_or_fine(app, lambda: client.post("/certification/courses/new", data={
        "kind": kind, "title": title, "organisation": organisation, "trainer": organisation,
        "session1_date": day, "session1_start": start, "session1_end": end,
        "session2_date": day, "session2_start": end, "session2_end": start,
        "assignment_hours": hours, "description": title}))
    base = f"/certification/courses/{scene.course}"
    check_refused_or_fine(app, lambda: client.post(f"{base}/sessions", data={
        "session-session_date": day, "session-start_time": start, "session-end_time": end}))
    check_refused_or_fine(app, lambda: client.post(f"{base}/trainers",
                                                   data={"trainer-trainer": title}))
    check_refused_or_fine(app, lambda: client.post(f"{base}/enrol", data={"enrol-user": title}))
    check_refused_or_fine(app, lambda: client.post(f"{base}/invite", data={"invite-email": title,
                                                            "invite-name": kind}))
    client.post("/logout")


@FUZZ
@given(present=st.lists(HOSTILE, min_size=2, max_size=2),
       minutes=st.lists(HOSTILE, min_size=2, max_size=2), status=HOSTILE)
def test_attendance_and_assignment_forms(app, client, scene, present, minutes,  # noqa: F811
                                         status):
    login(client, scene.utbildare)
    data = {}
    for index, enrolment in enumerate(scene.enrolments.values()):
        data[f"present_{enrolment}"] = present[index]
        data[f"minutes_{enrolment}"] = minutes[index]
    url = f"/certification/courses/{scene.course}/sessions/{scene.sessions[0]}"
    check_refused_or_fine(app, lambda: client.post(url, data=data))
    check_refused_or_fine(app, lambda: client.post(
        f"/certification/courses/{scene.course}/assignments",
        data={f"assignment_{e}": status for e in scene.enrolments.values()}))
    client.post("/logout")


@FUZZ
@given(can_use=HOSTILE, helps=HOSTILE, comment=HOSTILE, reason=HOSTILE, query=HOSTILE)
def test_evaluation_revoke_and_lookup(app, client, scene, can_use, helps,  # noqa: F811
                                      comment, reason, query):
    client.post("/logout")
    login(client, scene.utbildare)
    _mark_everything(client, scene)
    client.post("/logout")
    login(client, scene.anna)
    check_refused_or_fine(app, lambda: client.post(
        f"/certification/evaluations/{scene.enrolments['anna']}",
        data={"can_use": can_use, "helps_daily_work": helps, "comment": comment}))
    response = client.get("/certification/lookup", query_string={"q": query})
    assert response.status_code in (200, 400, 422)  # 400: NUL characters, refused app-wide
    client.post("/logout")
    login(client, scene.admin)
    with app.app_context():
        from smail_app.certification.models import Certificate

        cert = db.session.scalar(select(Certificate.public_id).where(
            Certificate.revoked_on.is_(None)).limit(1))
    if cert is not None:
        check_refused_or_fine(app, lambda: client.post(f"/certification/certificates/{cert}/revoke",
                                        data={"reason": reason}))
    client.post("/logout")


@FUZZ
@given(values=st.lists(HOSTILE, min_size=8, max_size=8))
def test_settings_form(app, client, scene, values):  # noqa: F811
    login(client, scene.admin)
    names = ("target_utbildare", "target_anvandare", "target_can_train_pct",
             "target_can_use_pct", "target_helps_pct", "validity_months_utbildare",
             "validity_months_anvandare", "reminder_days")
    check_refused_or_fine(app, lambda: client.post("/certification/settings",
                                    data=dict(zip(names, values, strict=True))))
    client.post("/logout")
