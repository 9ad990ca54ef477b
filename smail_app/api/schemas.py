"""The JSON shapes of API v1, as pydantic models.

Each answer is built through its model (so it cannot drift from what is documented) and the
OpenAPI document's schemas are these models' JSON Schema (see ``openapi.py``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from smail_app.assessments.models import RaterKind, RatingMode
from smail_app.certification.models import CertificateKind, CertificateState

LIMIT_DEFAULT, LIMIT_MIN, LIMIT_MAX = 50, 1, 200
OFFSET_MAX = 2_147_483_647  # fits every database's integer; larger is refused, not a 500
PUBLIC_ID_PATTERN = r"^[A-Za-z0-9_-]{1,24}$"

PublicId = Annotated[str, Field(pattern=PUBLIC_ID_PATTERN,
                                description="Random, non-sequential identifier.")]
IndicatorNumber = Annotated[int, Field(ge=1, le=7)]
# Written as Python writes it (``+00:00``), as the API always has.
Timestamp = Annotated[datetime, PlainSerializer(lambda value: value.isoformat(), return_type=str),
                      WithJsonSchema({"type": "string", "format": "date-time"})]


class Shape(BaseModel):
    """An answer's object: exactly these keys, nothing more."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- Errors and paging ------------------------------------------------------------------------


class ErrorDetail(Shape):
    status: int = Field(description="The HTTP status again.")
    message: str = Field(description="For people, in Swedish, or in English when the request "
                                     "asks for it with Accept-Language.")


class Error(Shape):
    error: ErrorDetail


class PageQuery(Shape):
    """The paging parameters every list takes."""

    limit: int = Field(LIMIT_DEFAULT, ge=LIMIT_MIN, le=LIMIT_MAX, description="Page size.")
    offset: int = Field(0, ge=0, le=OFFSET_MAX, description="Rows to skip.")


class Paged(Shape):
    total: int = Field(ge=0, description="All rows the caller may see.")
    limit: int = Field(ge=LIMIT_MIN, le=LIMIT_MAX)
    offset: int = Field(ge=0, le=OFFSET_MAX)


# --- Who am I, the instrument -------------------------------------------------------------------


class Me(Shape):
    public_id: PublicId
    display_name: str
    roles: list[Literal["admin", "utbildare", "handledare", "deltagare"]] = Field(
        json_schema_extra={"uniqueItems": True})


class Indicator(Shape):
    number: IndicatorNumber
    name_sv: str
    name_en: str


class Statement(Shape):
    id: int = Field(description="Stable for this instrument version; a new version has new "
                                "ids.")
    indicator: IndicatorNumber
    position: int = Field(ge=1, description="Order of the statement within its indicator.")
    text_sv: str
    text_en: str
    text_sv_handledare: str | None = Field(
        description="The same statement about the participant, as the handledare's own "
                    "rating asks it; null where this version has none (the first person is "
                    "used).")
    text_en_handledare: str | None


class ScaleLabel(Shape):
    value: int = Field(ge=1, le=5)
    label_sv: str
    label_en: str


class Instrument(Shape):
    version: int = Field(ge=1, description="Number of the published instrument version in "
                                           "use.")
    published_dt: Timestamp
    indicators: list[Indicator] = Field(min_length=7, max_length=7)
    statements: list[Statement] = Field(description="Ordered by indicator, then position.")
    scale: list[ScaleLabel] = Field(min_length=5, max_length=5)


# --- Participants and their ratings ---------------------------------------------------------------


class ParticipantSummary(Shape):
    public_id: PublicId
    code: str = Field(description="Unique within the insats.")
    alias: str | None
    insats: str = Field(description="Name of the insats.")
    start_date: date
    next_due_date: date | None = Field(
        description="Due date of the next self-rating (every 13 weeks from the start); null "
                    "once the participant has left the insats.")
    is_overdue: bool = Field(description="The rating window is open and the due date has "
                                         "passed.")


class ParticipantPage(Paged):
    items: list[ParticipantSummary]


class IndicatorScore(Shape):
    indicator: IndicatorNumber
    score: float = Field(ge=1, le=5, description="Mean of the indicator's answered statements.")


class Rating(Shape):
    public_id: PublicId
    rated_on: date
    occasion: int | None = Field(ge=0, description="The 13-week occasion it counts for (0 = at "
                                                   "the start); null when given outside every "
                                                   "window.")
    version: int = Field(ge=1, description="Instrument version the rating was answered on.")
    rater_kind: RaterKind = Field(
        description="The participant's own rating, or the handledare's parallel one.")
    mode: RatingMode = Field(
        description="Alone on the participant's device, or together on the handledare's.")
    scores: list[IndicatorScore] = Field(description="One per indicator, by indicator number.")


class RatingList(Shape):
    participant: PublicId
    items: list[Rating] = Field(description="Submitted ratings, oldest first.")


# --- The certification registry ---------------------------------------------------------------


class CertificateHolder(Shape):
    public_id: PublicId
    display_name: str
    organisation: str | None = Field(description="The holder's organisation, when set.")


class RegistryCertificate(Shape):
    public_id: PublicId
    kind: CertificateKind = Field(
        description="SMAIL utbildare (trainer) or SMAIL användare (user).")
    holder: CertificateHolder
    issued_on: date
    issued_by: str = Field(description="Name of the utbildare who issued it.")
    valid_until: date | None = Field(description="Last valid day; null: valid until further "
                                                 "notice.")
    revoked_on: date | None
    state: CertificateState = Field(
        description="On the server's today.")
    is_expiring_soon: bool = Field(description="Valid, and its last day falls within the "
                                               "reminder period.")


class CertificatePage(Paged):
    items: list[RegistryCertificate] = Field(
        description="Ordered by the holder's name, then newest first.")


# --- Reports --------------------------------------------------------------------------------

PERIOD_PATTERN = r"^(hela|20[0-9]{2}(-(H[12]|Q[1-4]))?)$"


class ReportQuery(Shape):
    """The period a report covers, from the query string."""

    period: str | None = Field(None, pattern=PERIOD_PATTERN,
                        description="2027-H1 (a half-year), 2027-Q3 (a quarter), 2027 (a "
                                    "calendar year) or hela (the insatser's whole time); "
                                    "default: the current half-year.")


class ReportCell(Shape):
    value: float | None = Field(description="Null when suppressed or not defined.")
    kind: Literal["count", "share", "mean"]
    suppressed: bool = Field(description="Hidden so that no one in a small group can be "
                                         "recognised, or so that a hidden cell cannot be "
                                         "worked out from this one.")


class ReportRow(Shape):
    key: str
    label: str
    is_total: bool
    cells: list[ReportCell] = Field(description="One per column, in the table's order.")


class ReportTable(Shape):
    key: str
    title: str
    columns: list[str]
    anonymous: int | None = Field(description="Anonymous participants counted beside the "
                                              "table (\"+N anonyma\"); null when none or "
                                              "suppressed.")
    anonymous_suppressed: bool
    rows: list[ReportRow]


class Report(Shape):
    title: str
    period: str = Field(description="The period's label, e.g. 2027 H1.")
    period_start: date
    period_end: date
    scope: str = Field(description="Which insatser and kommun the report covers.")
    suppressed: bool = Field(description="Whether small groups are hidden (always, except "
                                         "for an insats's own team).")
    min_group_size: int = Field(ge=3)
    tables: list[ReportTable]


DOCUMENTED: tuple[type[BaseModel], ...] = (
    Error, Me, Instrument, ParticipantPage, RatingList, CertificatePage, Report,
)
