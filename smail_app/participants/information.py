"""The information a participant is shown before their account is created, and the record of
which version they read. The text is templates/participants/_privacy_notice.html; its
version changes whenever the text does (tests/test_subject_access.py compares a digest)."""

from __future__ import annotations

from smail_app import clock
from smail_app.extensions import db
from smail_app.participants.models import InformationRecord, Participant

INFORMATION_VERSION = "2026-12-1"
# SHA-256 of the notice template for INFORMATION_VERSION: edit the text, bump the version and
# put the new digest here.
INFORMATION_DIGEST = "448c6d6cadd3d5585dfb3110aba1aec00984e71a456faa1747dabf6ad4fed56b"


def record_information_shown(participant: Participant) -> None:
    db.session.add(InformationRecord(participant_id=participant.id,
                                     notice_version=INFORMATION_VERSION,
                                     shown_dt=clock.now()))
