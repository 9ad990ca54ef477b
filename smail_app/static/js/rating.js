// Progressive enhancement for the rating pages. Everything works without it: the forms post
// normally. With it, each answer is saved the moment it is chosen, so a dropped connection or
// a closed tab loses nothing, and a double tap on "Skicka in" sends one request.
(function () {
  "use strict";

  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }

  var form = document.querySelector("form[data-autosave]");
  if (form && window.fetch && window.FormData) {
    var status = form.querySelector("[data-autosave-status]");
    // The words come from the page, translated with the rest of it.
    var text = {
      saving: form.getAttribute("data-text-saving"),
      saved: form.getAttribute("data-text-saved"),
      failed: form.getAttribute("data-text-failed")
    };
    Array.prototype.forEach.call(document.querySelectorAll("[data-saving-note]"), function (note) {
      note.hidden = note.getAttribute("data-saving-note") !== "autosave";
    });
    form.addEventListener("change", function (event) {
      if (!event.target || event.target.type !== "radio") { return; }
      var data = new FormData(form);
      data.delete("direction");
      if (status) { status.textContent = text.saving; }
      fetch(form.action || window.location.href, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-SMAIL-Autosave": "1", "Accept": "application/json" }
      }).then(function (response) {
        if (status) { status.textContent = response.ok ? text.saved : text.failed; }
      }).catch(function () {
        if (status) { status.textContent = text.failed; }
      });
    });
  }

  var once = document.querySelectorAll("form[data-submit-once]");
  Array.prototype.forEach.call(once, function (submitForm) {
    submitForm.addEventListener("submit", function (event) {
      if (submitForm.dataset.sent === "1") { event.preventDefault(); return; }
      submitForm.dataset.sent = "1";
      var button = submitForm.querySelector("button[type=submit]");
      if (button) { button.setAttribute("aria-disabled", "true"); }
    });
  });
})();
