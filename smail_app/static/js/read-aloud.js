// "Läs upp": reads the page's heading, question, statements and answer choices (on the
// progression pages, the chart summaries) with the browser's speech synthesis, in the
// page's language. Shown only when the browser has a voice for that language; keyboard
// operable (plain buttons); pause/resume and stop.
(function () {
  "use strict";
  var box = document.querySelector("[data-read-aloud]");
  var synth = window.speechSynthesis;
  if (!box || !synth || !window.SpeechSynthesisUtterance) { return; }
  var lang = (document.documentElement.lang || "sv").toLowerCase();
  var play = box.querySelector("[data-read-aloud-play]");
  var stop = box.querySelector("[data-read-aloud-stop]");
  var READ = "main h1, main [data-speak], main legend, main .scale label, main dt, main dd, main .chart-summary";

  function voiceFor() {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if ((voices[i].lang || "").toLowerCase().split(/[-_]/)[0] === lang) { return voices[i]; }
    }
    return null;
  }

  function text() {
    var parts = [];
    Array.prototype.forEach.call(document.querySelectorAll(READ), function (el) {
      if (el.closest(".visually-hidden, [hidden], .read-aloud")) { return; }
      var words = (el.innerText || el.textContent || "").replace(/\s+/g, " ").trim();
      if (words) { parts.push(/[.:!?]$/.test(words) ? words : words + "."); }
    });
    return parts.join(" ");
  }

  function setState(state) { // "idle", "speaking" or "paused"
    play.textContent = box.getAttribute(state === "speaking" ? "data-label-pause"
      : state === "paused" ? "data-label-resume" : "data-label-play");
    play.setAttribute("aria-pressed", state === "speaking" ? "true" : "false");
    stop.hidden = state === "idle";
  }

  function start() {
    var utterance = new window.SpeechSynthesisUtterance(text());
    var voice = voiceFor();
    utterance.lang = voice ? voice.lang : lang;
    if (voice) { utterance.voice = voice; }
    utterance.onend = function () { setState("idle"); };
    synth.cancel();
    synth.speak(utterance);
    setState("speaking");
  }

  play.addEventListener("click", function () {
    if (synth.speaking && !synth.paused) { synth.pause(); setState("paused"); }
    else if (synth.paused) { synth.resume(); setState("speaking"); }
    else { start(); }
  });
  stop.addEventListener("click", function () { synth.cancel(); setState("idle"); play.focus(); });

  function reveal() { if (voiceFor()) { box.hidden = false; } }
  reveal();
  if (synth.addEventListener) { synth.addEventListener("voiceschanged", reveal); }
})();
