// Lesson and course pages: keeps the progress they show true on this device, and marks a lesson
// complete without a full reload (the form still works without JavaScript).
// A page read from the offline cache shows the progress of when it was saved: it is brought up
// to what the device has learnt since (window.amtProgress, in site.js) and to the completions
// waiting to be sent (window.amtPending, in site.js), where a completion made offline waits.
(function () {
  "use strict";
  var box = document.querySelector("[data-course-progress][data-course-key]");
  var form = document.querySelector("[data-lesson-complete]");
  var known = window.amtProgress;
  var pending = window.amtPending;
  var course = box && box.dataset.courseKey;
  var items = document.querySelectorAll(".lesson-list [data-lesson-key]");

  function keys(list) {
    return Array.prototype.map.call(list, function (item) { return item.dataset.lessonKey; });
  }

  // Once the lesson is done, the way on becomes the page's primary action.
  function promoteNext(focus) {
    var next = document.querySelector("[data-next-lesson]");
    if (!next) return;
    next.classList.add("button", "button--primary");
    if (focus) next.focus();
  }

  function waiting() {
    var note = document.querySelector("[data-lesson-pending]");
    if (note) {
      note.hidden = false;
      note.setAttribute("role", "status");
    }
    form.hidden = true;
    promoteNext(true);
  }

  function completed(announce) {
    var status = document.querySelector("[data-lesson-status]");
    if (status) {
      status.hidden = false;
      if (announce) status.setAttribute("role", "status");
    }
    if (form) form.hidden = true;
    promoteNext(announce);
  }

  // Rounds halves to even, as the server's round() does, so both show the same percent.
  function percentOf(done, total) {
    if (!total) return 0;
    var exact = (100 * done) / total;
    var rounded = Math.round(exact);
    return exact % 1 === 0.5 && rounded % 2 ? rounded - 1 : rounded;
  }

  // Ticks, bar and label for the lessons known as done (confirmed by the server, or waiting).
  function show() {
    var state = known.get(course);
    var confirmed = state ? state.done
      : keys(document.querySelectorAll(".lesson-list__item--done"));
    var done = confirmed.slice();
    (pending ? pending.list() : []).forEach(function (item) {
      if (item.course === course && done.indexOf(item.lesson) < 0) done.push(item.lesson);
    });
    var count = 0;
    Array.prototype.forEach.call(items, function (item) {
      var isDone = done.indexOf(item.dataset.lessonKey) >= 0;
      if (isDone) count += 1;
      item.classList.toggle("lesson-list__item--done", isDone);
      var tick = item.querySelector("[data-lesson-tick]");
      if (tick) tick.hidden = !isDone;
    });
    var percent = percentOf(count, items.length);
    var bar = box.querySelector("[data-progress-bar]");
    if (bar) {
      bar.style.inlineSize = percent + "%";
      bar.parentNode.setAttribute("aria-valuenow", String(percent));
    }
    var label = box.querySelector("[data-progress-label]");
    if (label && box.dataset.labelTemplate) {
      label.textContent = box.dataset.labelTemplate
        .replace("%(done)s", String(count))
        .replace("%(total)s", String(items.length));
    }
    return confirmed;
  }

  if (box && known) {
    // A page newer than what the device knows replaces it; an older one (a cached copy) is
    // brought up to it.
    var onPage = keys(document.querySelectorAll(".lesson-list__item--done"));
    known.learn(course, Number(box.dataset.renderedAt), onPage);
    var confirmed = show();
    if (form && confirmed.indexOf(form.dataset.lessonComplete) >= 0) completed(false);
  }

  if (!form || !window.fetch) return;

  if (pending && pending.list().some(function (item) { return item.url === form.action; })) {
    waiting();  // completed offline earlier, not sent yet
  }

  function update(data) {
    if (box && known) {
      known.learn(data.course_key, data.rendered_at, data.completed_keys);
      show();
    }
    completed(true);
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
          pending.add(form.action, { course: course, lesson: form.dataset.lessonComplete });
          waiting();
          if (box && known) show();
        }
      )
      .catch(function () {
        // Fall back to the plain form post, which reloads.
        form.submit();
      });
  });
})();
