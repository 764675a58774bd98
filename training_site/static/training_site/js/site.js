/* Registers the offline service worker (see /sw.js). The site works fully without it. */
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  });
}

/* What this device knows of the learner's progress, per course: the completed lesson keys as
   of `at` (epoch ms on the server's clock), from the newest page or lesson_complete answer seen.
   courses/js/progress.js brings pages read from the offline cache up to it. The server is the
   truth: what it said last replaces what it said before (a reset progress shows as reset). */
window.amtProgress = (() => {
  const KEY = "amt-progress";
  const all = () => {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (error) { return {}; }
  };
  const get = (course) => all()[course] || null;
  const learn = (course, at, done) => {
    const known = all();
    if (!course || !(at > 0) || (known[course] && known[course].at > at)) return false;
    known[course] = { at, done };
    try { localStorage.setItem(KEY, JSON.stringify(known)); } catch (error) { /* private mode */ }
    return true;
  };
  const forget = () => {
    try { localStorage.removeItem(KEY); } catch (error) { /* private mode */ }
  };
  return { get, learn, forget };
})();

/* Lesson completions made offline wait on this device (courses/js/progress.js queues them) and
   are sent when the connection returns; the server's lesson_complete is idempotent, so a second
   tab sending the same one does no harm. [data-sync-status] in base.html says what waits. */
window.amtPending = (() => {
  const KEY = "amt-pending-completions";
  const list = () => {
    try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (error) { return []; }
  };
  const save = (items) => {
    try { localStorage.setItem(KEY, JSON.stringify(items)); } catch (error) { /* private mode */ }
  };
  const show = (items, sent) => {
    const status = document.querySelector("[data-sync-status]");
    if (!status) return;
    status.hidden = !items.length && !sent;
    status.textContent = items.length ? status.dataset.pending.replace("%(count)s", items.length)
      : status.dataset.synced;
  };
  // `keys`: the completion's { course, lesson } translation keys, for courses/js/progress.js.
  const add = (url, keys) => {
    const items = list().filter((item) => item.url !== url);
    items.push({ url, at: Date.now(), ...keys });
    save(items);
    show(items, false);
  };
  let busy = false;
  const flush = async () => {
    const items = list();
    const token = document.querySelector("[name=csrfmiddlewaretoken]");
    if (busy || !items.length || !navigator.onLine || !token || !window.fetch) {
      show(items, false);
      return;
    }
    busy = true;
    const sent = [];
    for (const item of items) {
      const body = new FormData();
      body.append("csrfmiddlewaretoken", token.value);
      try {
        const response = await fetch(item.url, {
          method: "POST", body, headers: { Accept: "application/json" }, credentials: "same-origin",
        });
        // A redirect is the sign-in page: keep it for when the learner is back.
        if ((response.ok && !response.redirected) || response.status === 404) sent.push(item.url);
        if (response.ok && !response.redirected) {
          const data = await response.json().catch(() => null);
          if (data) window.amtProgress.learn(data.course_key, data.rendered_at, data.completed_keys);
        }
      } catch (error) { break; }  // offline again
    }
    const left = list().filter((item) => !sent.includes(item.url));
    save(left);
    show(left, sent.length > 0);
    busy = false;
  };
  window.addEventListener("online", flush);
  // On a shared device, what one learner left unsent must not be sent as the next one's, nor
  // their progress shown to the next one.
  document.addEventListener("submit", (event) => {
    if (event.target.action && event.target.action.endsWith("/accounts/logout/")) {
      save([]);
      window.amtProgress.forget();
    }
  });
  flush();
  return { add, list, flush };
})();

/* The header menu (base.html) is a <details>: site.css shows its content inline on wide screens
   through ::details-content; where a browser lacks it, open the menu on wide screens here.
   Escape closes the menu on a phone and gives focus back to its toggle. */
(() => {
  const menu = document.querySelector("[data-site-menu]");
  if (!menu) return;
  if (!CSS.supports("selector(::details-content)")) {
    const wide = window.matchMedia("(min-width: 48rem)");
    const follow = () => { menu.open = wide.matches; };
    follow();
    wide.addEventListener("change", follow);
  }
  menu.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !menu.open) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });
})();
