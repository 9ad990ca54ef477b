"""Issue 11 point 4: the participant's pages and the default statements read easily.

Measured with LIX, the Swedish readability index (words per sentence plus the share of
words longer than six letters): under 30 is very easy, 30–40 easy, 40–50 plain prose. The
texts are the strings every participant page asked for while a whole journey ran
(``visit_participant_pages``), not a hand-kept list, so a new hard sentence fails here."""

from __future__ import annotations

import html
import re

from smail_app.assessments.indicators import DEFAULT_STATEMENTS
from tests.test_language_coverage import visit_participant_pages

PAGES_MAX_LIX = 40  # "easy" (lättläst)
STATEMENTS_MAX_LIX = 30  # "very easy": the statements are read by everyone, often aloud
SENTENCE_MAX_WORDS = 20
# Abbreviations readers with little Swedish stumble on; write the words out.
ABBREVIATIONS = re.compile(r"\b(t\.ex|bl\.a|m\.m|o\.s\.v|osv|ca|dvs|d\.v\.s|resp|fr\.o\.m|"
                           r"t\.o\.m|inkl|exkl|s\.k|st)\b\.?", re.IGNORECASE)
# An error shown beside a field (after the screen reader's "Fel:").
ERROR_MESSAGE = re.compile(r'class="field-error"[^>]*>\s*<span class="visually-hidden">[^<]*'
                           r'</span>([^<]+)<')
# An error says how to fix it: it asks the reader to do something.
HOW_TO_FIX = re.compile(r"\b(Skriv|Välj|Kryssa|Kontrollera|Försök|Fråga|Svara|Använd|Ange)\b")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
WORD = re.compile(r"[A-Za-zÅÄÖåäöÉé]+")


def lix(texts: list[str]) -> float:
    words = sentences = long_words = 0
    for text in texts:
        text = PLACEHOLDER.sub("", text)
        found = WORD.findall(text)
        words += len(found)
        long_words += sum(1 for word in found if len(word) > 6)
        sentences += max(1, len(re.findall(r"[.!?:]+(\s|$)", text)))
    return words / sentences + 100 * long_words / words


def _sentences(texts: list[str]) -> list[str]:
    return [part for text in texts for part in re.split(r"(?<=[.!?])\s+", text) if part]


def test_lix_counts_as_the_index_defines():
    # 6 words, 1 sentence, 2 words over six letters: 6 + 100 * 2 / 6
    assert round(lix(["Arbetsförmedlingen hjälper dig att hitta arbete."]), 1) == 39.3


def test_the_default_statements_read_very_easily():
    statements = [text_sv for _indicator, text_sv, _english in DEFAULT_STATEMENTS]
    assert lix(statements) < STATEMENTS_MAX_LIX


def test_the_participants_pages_read_easily(app, client, clock, make_insats,
                                            make_certified_handledare, make_participant,
                                            looked_up):
    pages = visit_participant_pages(app, client, clock, make_insats,
                                    make_certified_handledare, make_participant, "sv")
    used, _missing = looked_up["sv"]
    assert len(used) > 100  # the journey really ran
    # Prose only: a button's one word is no sentence and would flatter the index.
    texts = sorted(text for text in used if len(WORD.findall(PLACEHOLDER.sub("", text))) >= 5)
    print(f"LIX of {len(texts)} participant-page sentences: {lix(texts):.1f}")
    assert lix(texts) < PAGES_MAX_LIX, lix(texts)
    long_ones = [s for s in _sentences(texts) if len(WORD.findall(s)) > SENTENCE_MAX_WORDS]
    assert not long_ones, long_ones
    assert not [t for t in texts if ABBREVIATIONS.search(t)]
    errors = {html.unescape(message.strip()) for page in pages
              for message in ERROR_MESSAGE.findall(page)}
    assert len(errors) >= 5  # the journey sent forms wrongly
    unhelpful = [e for e in errors if not HOW_TO_FIX.search(e)]
    assert not unhelpful, f"errors that do not say how to fix them: {unhelpful}"
