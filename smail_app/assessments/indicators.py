"""The seven SMAIL indicators (from the BIP research), the answer scale and the default wording.

The statements below are the PROJECT'S DEFAULT WORDING, written by the SMAIL team in plain,
easy-to-read Swedish. They stand in until the county's reference group adopts its own
battery; an admin publishes a new instrument version for that, and old ratings keep theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

from smail_app.i18n import lazy_gettext as _l


@dataclass(frozen=True)
class Indicator:
    number: int
    name: object  # lazy translated string

    def __str__(self) -> str:
        return str(self.name)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(1, _l("Tro på att få ett jobb")),
    Indicator(2, _l("Kunskap om arbetsmarknaden")),
    Indicator(3, _l("Målmedvetenhet")),
    Indicator(4, _l("Samarbetsförmåga")),
    Indicator(5, _l("Hantering av vardagen")),
    Indicator(6, _l("Hälsa och hantering av hälsan")),
    Indicator(7, _l("Jobbsökningsbeteende")),
)
INDICATOR_NUMBERS = tuple(i.number for i in INDICATORS)

SCALE_MIN, SCALE_MAX = 1, 5
SCALE_LABELS = {
    1: _l("Stämmer inte alls"),
    2: _l("Stämmer lite"),
    3: _l("Stämmer delvis"),
    4: _l("Stämmer ganska bra"),
    5: _l("Stämmer helt"),
}


# The handledare's own question in the parallel rating (BIP: the caseworker's belief that the
# person will get a job is a strong predictor).
BELIEF_QUESTION = _l("Min tro på att deltagaren når arbete eller studier")
BELIEF_LABELS = {
    1: _l("Mycket liten"),
    2: _l("Ganska liten"),
    3: _l("Varken liten eller stor"),
    4: _l("Ganska stor"),
    5: _l("Mycket stor"),
}


# (indicator, Swedish, English). Project default wording, pending the reference group.
DEFAULT_STATEMENTS: tuple[tuple[int, str, str], ...] = (
    (1, "Jag tror att jag kan få ett jobb.", "I believe I can get a job."),
    (1, "Jag tror att det finns arbetsgivare som vill ha mig.",
        "I believe there are employers who would want me."),
    (2, "Jag vet vilka jobb som finns där jag bor.", "I know what jobs there are where I live."),
    (2, "Jag vet vad arbetsgivare vill att jag ska kunna.",
        "I know what employers want me to be able to do."),
    (2, "Jag vet var jag kan få hjälp att hitta jobb eller studier.",
        "I know where I can get help to find work or studies."),
    (3, "Jag vet vad jag vill jobba med eller studera.", "I know what work or studies I want."),
    (3, "Jag gör saker varje vecka för att nå mitt mål.",
        "Every week I do things to reach my goal."),
    (4, "Jag kan samarbeta med andra människor.", "I can work together with other people."),
    (4, "Jag kan be om hjälp när jag behöver det.", "I can ask for help when I need it."),
    (5, "Jag klarar av det jag behöver göra hemma varje dag.",
        "I manage what I need to do at home every day."),
    (5, "Jag kan passa tider.", "I can be on time."),
    (5, "Jag har koll på mina pengar och räkningar.", "I keep track of my money and bills."),
    (6, "Min hälsa gör att jag kan jobba eller studera.",
        "My health lets me work or study."),
    (6, "Jag vet vad jag kan göra för att må bättre.", "I know what I can do to feel better."),
    (7, "Jag letar efter jobb eller utbildning.", "I look for jobs or education."),
    (7, "Jag vet hur jag söker ett jobb.", "I know how to apply for a job."),
    (7, "Jag kontaktar arbetsgivare eller skolor.", "I contact employers or schools."),
)

# The handledare's own rating asks the same statements about the participant, in the third
# person (issue 10: "Deltagaren tror att ..." rather than the participant's "Jag tror att
# ..."). Keyed by the first-person Swedish wording above: (Swedish, English).
DEFAULT_HANDLEDARE_WORDING: dict[str, tuple[str, str]] = {
    "Jag tror att jag kan få ett jobb.":
        ("Deltagaren tror att hen kan få ett jobb.",
         "The participant believes they can get a job."),
    "Jag tror att det finns arbetsgivare som vill ha mig.":
        ("Deltagaren tror att det finns arbetsgivare som vill ha hen.",
         "The participant believes there are employers who would want them."),
    "Jag vet vilka jobb som finns där jag bor.":
        ("Deltagaren vet vilka jobb som finns där hen bor.",
         "The participant knows what jobs there are where they live."),
    "Jag vet vad arbetsgivare vill att jag ska kunna.":
        ("Deltagaren vet vad arbetsgivare vill att hen ska kunna.",
         "The participant knows what employers want them to be able to do."),
    "Jag vet var jag kan få hjälp att hitta jobb eller studier.":
        ("Deltagaren vet var hen kan få hjälp att hitta jobb eller studier.",
         "The participant knows where they can get help to find work or studies."),
    "Jag vet vad jag vill jobba med eller studera.":
        ("Deltagaren vet vad hen vill jobba med eller studera.",
         "The participant knows what work or studies they want."),
    "Jag gör saker varje vecka för att nå mitt mål.":
        ("Deltagaren gör saker varje vecka för att nå sitt mål.",
         "Every week the participant does things to reach their goal."),
    "Jag kan samarbeta med andra människor.":
        ("Deltagaren kan samarbeta med andra människor.",
         "The participant can work together with other people."),
    "Jag kan be om hjälp när jag behöver det.":
        ("Deltagaren kan be om hjälp när hen behöver det.",
         "The participant can ask for help when they need it."),
    "Jag klarar av det jag behöver göra hemma varje dag.":
        ("Deltagaren klarar av det hen behöver göra hemma varje dag.",
         "The participant manages what they need to do at home every day."),
    "Jag kan passa tider.":
        ("Deltagaren kan passa tider.", "The participant can be on time."),
    "Jag har koll på mina pengar och räkningar.":
        ("Deltagaren har koll på sina pengar och räkningar.",
         "The participant keeps track of their money and bills."),
    "Min hälsa gör att jag kan jobba eller studera.":
        ("Deltagarens hälsa gör att hen kan jobba eller studera.",
         "The participant's health lets them work or study."),
    "Jag vet vad jag kan göra för att må bättre.":
        ("Deltagaren vet vad hen kan göra för att må bättre.",
         "The participant knows what they can do to feel better."),
    "Jag letar efter jobb eller utbildning.":
        ("Deltagaren letar efter jobb eller utbildning.",
         "The participant looks for jobs or education."),
    "Jag vet hur jag söker ett jobb.":
        ("Deltagaren vet hur man söker ett jobb.",
         "The participant knows how to apply for a job."),
    "Jag kontaktar arbetsgivare eller skolor.":
        ("Deltagaren kontaktar arbetsgivare eller skolor.",
         "The participant contacts employers or schools."),
}
