// Marks a lesson complete without a full reload; the form still works without JavaScript.
// Offline, the completion waits on this device (window.amtPending, in site.js) and is sent when
// the connection returns.
(function () {
  "use strict";
  var form = document.querySelector("[data-lesson-complete]");
  if (!form || !window.fetch) return;
  var pending = window.amtPending;

  // Once the lesson is done, the way on becomes the page's primary action.
  function promoteNext() {
    var next = document.querySelector("[data-next-lesson]");
    if (!next) return;
    next.classList.add("button", "button--primary");
    next.focus();
  }

  function waiting() {
    var note = document.querySelector("[data-lesson-pending]");
    if (note) {
      note.hidden = false;
      note.setAttribute("role", "status");
    }
    form.hidden = true;
    promoteNext();
  }

  function update(data) {
    var bar = document.querySelector("[data-progress-bar]");
    if (bar) {
      bar.style.inlineSize = data.percent + "%";
      bar.parentNode.setAttribute("aria-valuenow", String(data.percent));
    }
    var label = document.querySelector("[data-progress-label]");
    if (label) label.textContent = data.progress_label;
    var item = document.querySelector('[data-lesson-key="' + data.lesson_key + '"]');
    if (item) {
      item.classList.add("lesson-list__item--done");
      var tick = item.querySelector("[data-lesson-tick]");
      if (tick) tick.hidden = false;
    }
    var status = document.querySelector("[data-lesson-status]");
    if (status) {
      status.hidden = false;
      status.setAttribute("role", "status");
    }
    form.hidden = true;
    promoteNext();
  }

  if (pending && pending.list().some(function (item) { return item.url === form.action; })) {
    waiting();  // completed offline earlier, not sent yet
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button");
    if (button) button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(
        function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json().then(update);
        },
        function () {
          // No connection: keep it on the device; without storage, the plain post.
          if (!pending) throw new Error("offline");
          pending.add(form.action);
          waiting();
        }
      )
      .catch(function () {
        // Fall back to the plain form post, which reloads.
        form.submit();
      });
  });
})();
