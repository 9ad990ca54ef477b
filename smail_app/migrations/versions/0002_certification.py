"""certification registry

Revision ID: 0002_certification
Revises: 0001_foundation
Create Date: 2026-11-23

Written by hand for the certification tables only: courses, their trainers, sessions,
enrolments and attendance, certificates, evaluations and settings.
"""
from alembic import op
import sqlalchemy as sa


revision = "0002_certification"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "courses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=24), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("home_assignment_minutes", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_courses_organisation_id_organisations")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_courses_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courses")),
        sa.UniqueConstraint("public_id", name=op.f("uq_courses_public_id")),
    )
    op.create_table(
        "course_trainers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"],
                                name=op.f("fk_course_trainers_course_id_courses"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_course_trainers_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_trainers")),
        sa.UniqueConstraint("course_id", "user_id", name=op.f("uq_course_trainers_course_id")),
    )
    op.create_index(op.f("ix_course_trainers_user_id"), "course_trainers", ["user_id"],
                    unique=False)
    op.create_table(
        "course_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=24), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"],
                                name=op.f("fk_course_sessions_course_id_courses"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_sessions")),
        sa.UniqueConstraint("public_id", name=op.f("uq_course_sessions_public_id")),
    )
    op.create_index(op.f("ix_course_sessions_course_id"), "course_sessions", ["course_id"],
                    unique=False)
    op.create_table(
        "course_enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=24), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("invited_email", sa.String(length=254), nullable=True),
        sa.Column("invited_name", sa.String(length=120), nullable=False),
        sa.Column("invite_id", sa.Integer(), nullable=True),
        sa.Column("enrolled_by_id", sa.Integer(), nullable=True),
        sa.Column("enrolled_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assignment_submitted_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("assignment_approved_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("assignment_approved_by_id", sa.Integer(), nullable=True),
        sa.Column("evaluation_submitted_dt", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"],
                                name=op.f("fk_course_enrolments_course_id_courses"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_course_enrolments_user_id_users")),
        sa.ForeignKeyConstraint(["invite_id"], ["invites.id"],
                                name=op.f("fk_course_enrolments_invite_id_invites"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["enrolled_by_id"], ["users.id"],
                                name=op.f("fk_course_enrolments_enrolled_by_id_users")),
        sa.ForeignKeyConstraint(["assignment_approved_by_id"], ["users.id"],
                                name=op.f("fk_course_enrolments_assignment_approved_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_enrolments")),
        sa.UniqueConstraint("course_id", "user_id", name=op.f("uq_course_enrolments_course_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_course_enrolments_public_id")),
    )
    op.create_index(op.f("ix_course_enrolments_user_id"), "course_enrolments", ["user_id"],
                    unique=False)
    op.create_table(
        "session_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("is_present", sa.Boolean(), nullable=False),
        sa.Column("minutes_attended", sa.Integer(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["course_sessions.id"],
                                name=op.f("fk_session_attendance_session_id_course_sessions"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["enrolment_id"], ["course_enrolments.id"],
                                name=op.f("fk_session_attendance_enrolment_id_course_enrolments"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"],
                                name=op.f("fk_session_attendance_recorded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_attendance")),
        sa.UniqueConstraint("session_id", "enrolment_id",
                            name=op.f("uq_session_attendance_session_id")),
    )
    op.create_index(op.f("ix_session_attendance_enrolment_id"), "session_attendance",
                    ["enrolment_id"], unique=False)
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=24), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("holder_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_on", sa.Date(), nullable=True),
        sa.Column("revoked_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("revoke_reason", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["holder_id"], ["users.id"],
                                name=op.f("fk_certificates_holder_id_users")),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"],
                                name=op.f("fk_certificates_course_id_courses")),
        sa.ForeignKeyConstraint(["issued_by_id"], ["users.id"],
                                name=op.f("fk_certificates_issued_by_id_users")),
        sa.ForeignKeyConstraint(["revoked_by_id"], ["users.id"],
                                name=op.f("fk_certificates_revoked_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("public_id", name=op.f("uq_certificates_public_id")),
    )
    op.create_index(op.f("ix_certificates_holder_id"), "certificates", ["holder_id"],
                    unique=False)
    op.create_index(op.f("ix_certificates_course_id"), "certificates", ["course_id"],
                    unique=False)
    op.create_table(
        "course_evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("can_train", sa.Integer(), nullable=True),
        sa.Column("can_use", sa.Integer(), nullable=True),
        sa.Column("helps_daily_work", sa.Integer(), nullable=False),
        sa.Column("comment", sa.String(length=2000), nullable=False),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"],
                                name=op.f("fk_course_evaluations_course_id_courses"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_evaluations")),
    )
    op.create_index(op.f("ix_course_evaluations_course_id"), "course_evaluations",
                    ["course_id"], unique=False)
    op.create_table(
        "certification_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"],
                                name=op.f("fk_certification_settings_updated_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certification_settings")),
        sa.UniqueConstraint("key", name=op.f("uq_certification_settings_key")),
    )


def downgrade():
    op.drop_table("certification_settings")
    op.drop_index(op.f("ix_course_evaluations_course_id"), table_name="course_evaluations")
    op.drop_table("course_evaluations")
    op.drop_index(op.f("ix_certificates_course_id"), table_name="certificates")
    op.drop_index(op.f("ix_certificates_holder_id"), table_name="certificates")
    op.drop_table("certificates")
    op.drop_index(op.f("ix_session_attendance_enrolment_id"), table_name="session_attendance")
    op.drop_table("session_attendance")
    op.drop_index(op.f("ix_course_enrolments_user_id"), table_name="course_enrolments")
    op.drop_table("course_enrolments")
    op.drop_index(op.f("ix_course_sessions_course_id"), table_name="course_sessions")
    op.drop_table("course_sessions")
    op.drop_index(op.f("ix_course_trainers_user_id"), table_name="course_trainers")
    op.drop_table("course_trainers")
    op.drop_table("courses")
