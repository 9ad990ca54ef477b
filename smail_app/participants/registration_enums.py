"""The choice lists of the SUS-aligned registration at start and exit. Every list has a
"vill ej uppge / okänd" member; a missing answer (None) means nobody asked yet."""

from __future__ import annotations

from smail_app.core.enums import LabelledEnum
from smail_app.i18n import lazy_gettext as _l

UNKNOWN_LABEL = _l("Vill ej uppge / okänd")


class Education(LabelledEnum):
    """Highest completed education."""

    COMPULSORY = "grundskola"
    UPPER_SECONDARY = "gymnasium"
    HIGHER_UP_TO_1 = "hogskola_upp_till_1"
    HIGHER_UP_TO_3 = "hogskola_upp_till_3"
    HIGHER_OVER_3 = "hogskola_over_3"
    OTHER_POST_SECONDARY = "annan_eftergymnasial"
    NONE = "saknas"
    UNKNOWN = "okand"

    @classmethod
    def _labels(cls) -> dict[Education, object]:
        return {
            cls.COMPULSORY: _l("Grundskola"),
            cls.UPPER_SECONDARY: _l("Gymnasium"),
            cls.HIGHER_UP_TO_1: _l("Högskola/universitet upp till 1 år"),
            cls.HIGHER_UP_TO_3: _l("Högskola/universitet upp till 3 år"),
            cls.HIGHER_OVER_3: _l("Högskola/universitet mer än 3 år"),
            cls.OTHER_POST_SECONDARY: _l("Annan eftergymnasial utbildning"),
            cls.NONE: _l("Saknar fullständig grundskola"),
            cls.UNKNOWN: UNKNOWN_LABEL,
        }


class SupportTime(LabelledEnum):
    """Time in public support (offentlig försörjning) before the start."""

    UP_TO_1 = "upp_till_1"
    UP_TO_2 = "upp_till_2"
    UP_TO_3 = "upp_till_3"
    UP_TO_4 = "upp_till_4"
    UP_TO_5 = "upp_till_5"
    UP_TO_6 = "upp_till_6"
    UP_TO_7 = "upp_till_7"
    UP_TO_8 = "upp_till_8"
    UP_TO_9 = "upp_till_9"
    NINE_OR_MORE = "9_eller_mer"
    NOT_APPLICABLE = "ej_aktuellt"
    UNKNOWN = "okand"

    @classmethod
    def _labels(cls) -> dict[SupportTime, object]:
        labels: dict[SupportTime, object] = {
            cls.UP_TO_1: _l("Upp till 1 år"),
            cls.NINE_OR_MORE: _l("9 år eller mer"),
            cls.NOT_APPLICABLE: _l("Ej aktuellt"),
            cls.UNKNOWN: UNKNOWN_LABEL,
        }
        for years in range(2, 10):
            labels[cls(f"upp_till_{years}")] = _l("Upp till %(n)s år", n=years)
        return labels


class IncomeSource(LabelledEnum):
    """A main income source; a participant may have several."""

    SOCIAL_ASSISTANCE = "forsorjningsstod"
    ACTIVITY_SICKNESS_COMPENSATION = "aktivitets_sjukersattning"
    SICKNESS_BENEFIT = "sjukpenning"
    ACTIVITY_SUPPORT = "aktivitetsstod"
    UNEMPLOYMENT_BENEFIT = "a_kassa"
    SALARY = "lon"
    STUDENT_AID = "studiemedel"
    NONE = "ingen"
    OTHER = "annan"
    UNKNOWN = "okand"

    @classmethod
    def _labels(cls) -> dict[IncomeSource, object]:
        return {
            cls.SOCIAL_ASSISTANCE: _l("Försörjningsstöd"),
            cls.ACTIVITY_SICKNESS_COMPENSATION: _l("Aktivitetsersättning eller sjukersättning"),
            cls.SICKNESS_BENEFIT: _l("Sjukpenning"),
            cls.ACTIVITY_SUPPORT: _l("Aktivitetsstöd eller etableringsersättning"),
            cls.UNEMPLOYMENT_BENEFIT: _l("Arbetslöshetsersättning"),
            cls.SALARY: _l("Lön"),
            cls.STUDENT_AID: _l("Studiemedel"),
            cls.NONE: _l("Ingen försörjning"),
            cls.OTHER: _l("Annan försörjning"),
            cls.UNKNOWN: UNKNOWN_LABEL,
        }


class IncomePhase(LabelledEnum):
    START = "start"
    EXIT = "exit"

    @classmethod
    def _labels(cls) -> dict[IncomePhase, object]:
        return {cls.START: _l("Vid start"), cls.EXIT: _l("Efter avslut")}
