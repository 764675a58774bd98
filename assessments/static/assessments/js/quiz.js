/* Quiz attempt page: autosave answers and count down to the server's deadline.
   Without this script the page works as a plain form. */
(function () {
  "use strict";
  var form = document.querySelector(".quiz-attempt__form");
  if (!form) { return; }
  var status = form.querySelector(".quiz-attempt__status");
  var lang = document.documentElement.lang || "en";
  var messages = {
    saved: form.getAttribute("data-msg-saved") || "Saved",
    failed: form.getAttribute("data-msg-failed") || "Not saved"
  };

  var timer = null;
  function autosave() {
    var data = new FormData(form);
    data.set("action", "autosave");
    fetch(form.getAttribute("data-autosave-url"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.status === 409) { window.location.reload(); return null; }
      return response.json().then(function (body) {
        if (status) { status.textContent = body.saved ? messages.saved : messages.failed; }
        form.setAttribute("data-saved", body.saved ? "true" : "false");
      });
    }).catch(function () {
      if (status) { status.textContent = messages.failed; }
    });
  }
  form.addEventListener("change", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(autosave, 300);
  });

  var clock = document.querySelector(".quiz-attempt__timer");
  if (!clock) { return; }
  var deadline = Date.parse(clock.getAttribute("data-deadline"));
  var out = clock.querySelector(".quiz-attempt__countdown");
  if (isNaN(deadline) || !out) { return; }
  var format = new Intl.NumberFormat(lang, { minimumIntegerDigits: 2 });
  out.hidden = false;
  function tick() {
    var left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
    out.textContent = format.format(Math.floor(left / 60)) + ":" + format.format(left % 60);
    out.setAttribute("data-seconds-left", String(left));
    if (left === 0) {
      window.clearInterval(interval);
      // The server submits at the deadline; reloading shows the result.
      window.setTimeout(function () { window.location.reload(); }, 1500);
    }
  }
  var interval = window.setInterval(tick, 1000);
  tick();
})();
