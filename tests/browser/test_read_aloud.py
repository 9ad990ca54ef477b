"""Issue 11 point 1: "Läs upp" reads a rating step's question, statements and answer
choices with the browser's own speech synthesis, in the page's language, with pause and
stop, by keyboard; it is hidden where the browser has no voice for the language.

Headless Chromium has no voices, so the page gets a stand-in speechSynthesis that records
what it is asked to say (the app's script is what is under test)."""

from __future__ import annotations

from tests.browser.conftest import axe_scan, browser_login
from tests.factories import PASSWORD, participant_user

FAKE_SPEECH = """
(() => {
  const voiceLang = %s;
  window.__spoken = [];
  const synth = {
    speaking: false, paused: false,
    getVoices: () => voiceLang ? [{ lang: voiceLang, name: "test" }] : [],
    speak(u) { this.speaking = true; window.__spoken.push({ text: u.text, lang: u.lang }); },
    pause() { this.paused = true; }, resume() { this.paused = false; },
    cancel() { this.speaking = false; this.paused = false; },
    addEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth });
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();
"""


def _step_page(browser, live_server, app, participant, voice: str | None):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE")
    context.set_default_timeout(10_000)
    context.add_init_script(FAKE_SPEECH % ("null" if voice is None else f'"{voice}"'))
    page = context.new_page()
    browser_login(page, live_server, participant_user(app, participant).username, PASSWORD)
    page.locator("form[action$='/me/rating'] button[type=submit]").click()
    page.wait_for_url("**/step/1")
    page.wait_for_load_state("load")
    return context, page


def test_read_aloud_reads_question_statements_and_choices(app, live_server, browser, clock,
                                                         make_participant):
    participant = make_participant(with_account=True)
    context, page = _step_page(browser, live_server, app, participant, "sv-SE")
    play = page.get_by_role("button", name="Läs upp")
    play.focus()
    page.keyboard.press("Enter")
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 1 and spoken[0]["lang"] == "sv-SE"
    heading = page.locator("h1").inner_text()
    question = page.locator("[data-speak]").inner_text()
    legend = page.locator("fieldset legend").first.inner_text()
    assert spoken[0]["text"].startswith(heading)
    assert question in spoken[0]["text"] and legend in spoken[0]["text"]
    assert "Stämmer helt" in spoken[0]["text"] or "5" in spoken[0]["text"]
    assert "Spara och fortsätt" not in spoken[0]["text"]  # buttons are not read
    pause = page.get_by_role("button", name="Pausa")
    assert pause.get_attribute("aria-pressed") == "true"
    pause.click()
    assert page.get_by_role("button", name="Fortsätt läsa").is_visible()
    page.get_by_role("button", name="Sluta läsa").click()
    assert page.get_by_role("button", name="Läs upp").is_visible()
    assert not page.get_by_role("button", name="Sluta läsa").is_visible()
    axe_scan(page, context="rating step with read-aloud")
    context.close()


def test_read_aloud_is_hidden_without_a_voice_for_the_language(app, live_server, browser,
                                                              clock, make_participant):
    participant = make_participant(with_account=True)
    context, page = _step_page(browser, live_server, app, participant, "en-GB")
    assert not page.get_by_role("button", name="Läs upp").is_visible()
    context.close()
