"""handledare workspace

Revision ID: 0003_workspace
Revises: 0002_certification
Create Date: 2026-11-23

Written by hand (only this issue's tables and columns): exit reason and reminder consent on
participants, the handledare's belief on ratings, handledare assignment history, the action
plan with its activities and occasion notes, and the reminder send log.
"""
from alembic import op
import sqlalchemy as sa


revision = "0003_workspace"
down_revision = "0002_certification"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("exit_reason", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("exit_work_percent", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reminder_email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("reminders_consent_dt", sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_participants_exit_work_percent_range"),
            "exit_work_percent IS NULL OR exit_work_percent BETWEEN 1 AND 100")

    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("belief", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(op.f("ck_ratings_belief_range"),
                                         "belief IS NULL OR belief BETWEEN 1 AND 5")

    op.create_table(
        "handledare_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("handledare_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("assigned_by_id", sa.Integer(), nullable=True),
        sa.Column("assigned_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["assigned_by_id"], ["users.id"],
                                name=op.f("fk_handledare_assignments_assigned_by_id_users")),
        sa.ForeignKeyConstraint(["handledare_id"], ["users.id"],
                                name=op.f("fk_handledare_assignments_handledare_id_users")),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"],
            name=op.f("fk_handledare_assignments_participant_id_participants"),
            ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handledare_assignments")),
    )
    with op.batch_alter_table("handledare_assignments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handledare_assignments_participant_id"),
                              ["participant_id"], unique=False)

    op.create_table(
        "action_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_action_plans_created_by_id_users")),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"],
                                name=op.f("fk_action_plans_participant_id_participants"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reviewed_by_id"], ["users.id"],
                                name=op.f("fk_action_plans_reviewed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_plans")),
        sa.UniqueConstraint("participant_id", name=op.f("uq_action_plans_participant_id")),
    )

    op.create_table(
        "plan_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=24), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("responsible", sa.String(length=20), nullable=False),
        sa.Column("partner_name", sa.String(length=120), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_plan_activities_created_by_id_users")),
        sa.ForeignKeyConstraint(["plan_id"], ["action_plans.id"],
                                name=op.f("fk_plan_activities_plan_id_action_plans"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_activities")),
        sa.UniqueConstraint("public_id", name=op.f("uq_plan_activities_public_id")),
    )
    with op.batch_alter_table("plan_activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_activities_plan_id"), ["plan_id"],
                              unique=False)

    op.create_table(
        "plan_activity_indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.Integer(), nullable=False),
        sa.CheckConstraint("indicator BETWEEN 1 AND 7",
                           name=op.f("ck_plan_activity_indicators_indicator_range")),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["plan_activities.id"],
            name=op.f("fk_plan_activity_indicators_activity_id_plan_activities"),
            ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_activity_indicators")),
        sa.UniqueConstraint("activity_id", "indicator",
                            name=op.f("uq_plan_activity_indicators_activity_id")),
    )

    op.create_table(
        "occasion_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("occasion", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=2000), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"],
                                name=op.f("fk_occasion_notes_author_id_users")),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"],
                                name=op.f("fk_occasion_notes_participant_id_participants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occasion_notes")),
    )
    with op.batch_alter_table("occasion_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_occasion_notes_participant_id"),
                              ["participant_id"], unique=False)

    op.create_table(
        "rating_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("occasion", sa.Integer(), nullable=False),
        sa.Column("sent_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"],
                                name=op.f("fk_rating_reminders_participant_id_participants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_reminders")),
        sa.UniqueConstraint("participant_id", "occasion",
                            name=op.f("uq_rating_reminders_participant_id")),
    )

    op.create_table(
        "handledare_digests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("sent_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_handledare_digests_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handledare_digests")),
        sa.UniqueConstraint("user_id", "sent_on", name=op.f("uq_handledare_digests_user_id")),
    )


def downgrade():
    op.drop_table("handledare_digests")
    op.drop_table("rating_reminders")
    with op.batch_alter_table("occasion_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_occasion_notes_participant_id"))
    op.drop_table("occasion_notes")
    op.drop_table("plan_activity_indicators")
    with op.batch_alter_table("plan_activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_activities_plan_id"))
    op.drop_table("plan_activities")
    op.drop_table("action_plans")
    with op.batch_alter_table("handledare_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handledare_assignments_participant_id"))
    op.drop_table("handledare_assignments")

    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_ratings_belief_range"), type_="check")
        batch_op.drop_column("belief")

    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_participants_exit_work_percent_range"),
                                 type_="check")
        batch_op.drop_column("reminders_consent_dt")
        batch_op.drop_column("reminder_email")
        batch_op.drop_column("exit_work_percent")
        batch_op.drop_column("exit_reason")
