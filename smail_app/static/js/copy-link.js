// Progressive enhancement: a "Kopiera länken" button beside a link shown only once. Texts
// come from data attributes, so Babel holds every string.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy-link]"), function (box) {
    var link = box.previousElementSibling && box.previousElementSibling.querySelector("[data-invite-link]");
    var status = box.querySelector(".copy-link__status");
    if (!link) { return; }
    box.hidden = false;
    box.querySelector("button").addEventListener("click", function () {
      navigator.clipboard.writeText(link.textContent.trim()).then(function () {
        status.textContent = box.getAttribute("data-copied");
      }, function () {
        status.textContent = box.getAttribute("data-failed");
      });
    });
  });
})();
