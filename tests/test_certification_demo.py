"""`flask demo` makes working teams: every demo handledare is a certified användare and the
demo utbildare hold utbildare certificates, all issued through completed demo courses."""

from __future__ import annotations

from sqlalchemy import select

from smail_app import clock as app_clock
from smail_app.auth.models import Role, User
from smail_app.certification import reports, rules, standing
from smail_app.extensions import db
from smail_app.organisations.models import TeamMembership


def test_demo_staff_are_certified_through_courses(app, runner, clock):
    result = runner.invoke(args=["demo", "--password", "demo-losenord-2027"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        today = app_clock.today()
        staff = db.session.scalars(select(User).where(User.email.is_not(None))).all()
        handledare = [u for u in staff if u.has_role(Role.HANDLEDARE)]
        utbildare = [u for u in staff if u.has_role(Role.UTBILDARE)]
        assert len(handledare) == 8 and len(utbildare) == 2
        for person in handledare:
            assert rules.handledare_refusal(person, today) is None, person.email
            certificate = standing.valid_certificate(person, "anvandare", today)
            assert certificate.course.kind == "anvandare"
            assert certificate.issued_by.has_role(Role.UTBILDARE)
            assert certificate.issued_on < today
        for person in utbildare:
            certificate = standing.valid_certificate(person, "utbildare", today)
            assert certificate is not None and certificate.issued_by.has_role(Role.ADMIN)
        members = db.session.scalars(select(TeamMembership)).all()
        assert members and all(rules.handledare_refusal(m.user, today) is None for m in members)
        dashboard = reports.esf_dashboard(today)
        assert [row.certified for row in dashboard.targets] == [2, 8]
        assert dashboard.utbildare_with_horizontal.part == 1
        assert not dashboard.evaluations[1].share.suppressed  # six answers from the course
