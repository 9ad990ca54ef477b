"""Every chart has one plain sentence, computed by the app, that a screen reader reads first;
numbers are written as the reader's language writes them."""

from __future__ import annotations

from datetime import date

from smail_app.assessments.chart_summaries import line_summary, radar_summary
from smail_app.assessments.models import RaterKind
from tests.factories import add_rating, participant_user


def test_line_summary_says_which_way_and_from_what_to_what(app):
    with app.test_request_context():
        assert (line_summary("Tro på att få ett jobb", [2, None, 4])
                == "Tro på att få ett jobb har ökat från 2,0 till 4,0 sedan första skattningen.")
        assert "har minskat från 3,5 till 2,5" in line_summary("X", [3.5, 2.5])
        assert line_summary("X", [3, 3.02]) == "X är lika som vid första skattningen: 3,0."
        assert line_summary("X", [2.5]) == "X: 2,5 vid första skattningen."
        assert line_summary("X", [None]) == "X: inga poäng än."


def test_radar_summary_counts_up_down_and_same(app):
    with app.test_request_context():
        assert radar_summary([1, 2, 3, 4], [2, 2, 2, None]) == (
            "Sedan första skattningen har 1 av 3 indikatorer ökat, 1 har minskat och 1 är lika.")
        assert radar_summary([], []).startswith("Diagrammet visar den första skattningen.")


def test_english_pages_write_numbers_the_english_way(app):
    with app.test_request_context(headers={"Cookie": "smail_lang=en"}):
        assert "from 2.0 to 4.5" in line_summary("Belief", [2, 4.5])


def test_the_progression_page_reads_the_summary_before_each_chart(app, client, clock,
                                                                  make_participant, login_as):
    participant = make_participant(with_account=True, start_date=date(2027, 3, 1))
    add_rating(app, participant, date(2027, 3, 1), 2)
    add_rating(app, participant, date(2027, 5, 31), 3.5)
    clock.set(date(2027, 6, 1))
    login_as(participant_user(app, participant))
    page = client.get("/me/progress").get_data(as_text=True)
    assert "har ökat från 2,0 till 3,5 sedan första skattningen." in page
    assert "Sedan första skattningen har 7 av 7 indikatorer ökat" in page
    summary = page.index('id="radar-summary"')
    assert summary < page.index('aria-describedby="radar-summary"')
    assert "3.5" not in page.split("<main", 1)[1].split("data-chart-config", 1)[0]


def test_the_tables_under_the_charts_write_each_score_in_the_readers_language(
        app, client, clock, make_participant, login_as):
    """Each indicator's table: one row per rating, oldest first, its score written with the
    language's decimal sign, and – where the rating has no score for the indicator."""
    participant = make_participant(with_account=True, start_date=date(2027, 3, 1))
    add_rating(app, participant, date(2027, 3, 1), {1: 2.5, 2: 4})
    add_rating(app, participant, date(2027, 5, 31), {1: 3.3, 2: 1})
    clock.set(date(2027, 6, 1))
    login_as(participant_user(app, participant))

    def first_tables(page: str) -> list[list[str]]:
        grid = page.split('class="chart-grid"', 1)[1]
        bodies = [part.split("</tbody>", 1)[0] for part in grid.split("<tbody>")[1:3]]
        return [[cell.split("</td>", 1)[0] for cell in body.split("<td>")[2::2]]
                for body in bodies]

    swedish = client.get("/me/progress").get_data(as_text=True)
    assert first_tables(swedish) == [["2,5", "3,3"], ["4,0", "1,0"]]
    client.post("/language", data={"language": "en", "next": "/me/progress"})
    english = client.get("/me/progress").get_data(as_text=True)
    assert first_tables(english) == [["2.5", "3.3"], ["4.0", "1.0"]]
    third = english.split('class="chart-grid"', 1)[1].split("<tbody>")[3].split("</tbody>")[0]
    assert third.count("<td>–</td>") == 2  # indicator 3: no score in either rating


def test_the_handledare_tables_write_both_raters_scores_in_the_readers_language(
        app, client, clock, make_insats, make_participant, make_certified_handledare,
        login_as):
    """The participant page's table per indicator: each rating day, the participant's score
    and the handledare's beside it, – where that rater has none for the day."""
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, start_date=date(2027, 3, 1), handledare=handledare)
    add_rating(app, participant, date(2027, 3, 1), {1: 2.5})
    add_rating(app, participant, date(2027, 3, 2), {1: 4}, rater=RaterKind.HANDLEDARE,
               belief=3, recorded_by=handledare)
    clock.set(date(2027, 6, 1))
    login_as(handledare)

    def first_table(page: str) -> list[list[str]]:
        grid = page.split('class="chart-grid"', 1)[1]
        body = grid.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        return [[cell.split(">", 1)[1].split("</td>", 1)[0] for cell in row.split("<td")[2:]]
                for row in body.split("<tr>")[1:]]

    path = f"/participants/{participant.public_id}"
    assert first_table(client.get(path).get_data(as_text=True)) == [["2,5", "–"], ["–", "4,0"]]
    client.post("/language", data={"language": "en", "next": path})
    assert first_table(client.get(path).get_data(as_text=True)) == [["2.5", "–"], ["–", "4.0"]]
