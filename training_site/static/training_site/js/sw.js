/* Offline reading: lessons and course pages a learner has opened, or kept with "Keep this
   course for offline" (courses/js/offline.js), stay readable without a connection, with their
   job aids. Pages: network first, cached copy when offline. Static files: cache first.
   Signing out clears the cached pages. Nothing else (forms, quizzes, admin) is cached. */
const PAGES = "amt-pages-v1";
const STATIC = "amt-static-v1";
const CACHEABLE = /^\/(en|fr|ar|es|pt)\/courses\//;
const JOB_AID = /^\/(en|fr|ar|es|pt)\/learning\/job-aids\/.+\.pdf$/;
const WORDS = {
  en: ["You are offline", "This page was not saved on this device. These are:"],
  fr: ["Vous êtes hors ligne", "Cette page n'a pas été enregistrée sur cet appareil. Celles-ci le sont :"],
  ar: ["أنت غير متصل بالإنترنت", "لم تُحفظ هذه الصفحة على هذا الجهاز. الصفحات المحفوظة:"],
};

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/* The offline page: styled by the cached site stylesheet, in the language of the address asked
   for, listing every page kept on this device (course pages first, then their lessons). */
async function offlinePage(url) {
  const language = (url.pathname.match(/^\/(en|fr|ar)\//) || [null, "en"])[1];
  const [title, lead] = WORDS[language];
  const cache = await caches.open(PAGES);
  const items = [];
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (!CACHEABLE.test(path)) continue;
    const html = await (await cache.match(request)).text();
    const found = html.match(/<title>([^<]*)<\/title>/);
    const name = found ? found[1].replace(/\s+/g, " ").trim() : path;
    items.push({ path, name, depth: path.split("/").length });
  }
  items.sort((a, b) => a.path.localeCompare(b.path));
  const list = items.map((item) =>
    `<li class="offline-list__item offline-list__item--depth-${Math.min(item.depth, 7)}"><a href="${escapeHtml(item.path)}">${item.name}</a></li>`
  ).join("");
  return new Response(`<!DOCTYPE html><html lang="${language}" dir="${language === "ar" ? "rtl" : "ltr"}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<link rel="stylesheet" href="/static/training_site/css/site.css"></head>
<body class="offline"><main id="main" class="site-main"><h1>${title}</h1><p>${lead}</p>
<ul class="offline-list" data-offline-list>${list}</ul></main></body></html>`,
    { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("install", (event) => { self.skipWaiting(); });

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(
      keys.filter((key) => key !== PAGES && key !== STATIC).map((key) => caches.delete(key))
    )).then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname.endsWith("/accounts/logout/")) {
    event.respondWith(caches.delete(PAGES).then(() => fetch(request)));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(
      caches.open(STATIC).then((cache) => cache.match(request).then((hit) => hit || fetch(request).then((response) => {
        if (response.ok) cache.put(request, response.clone());
        return response;
      })))
    );
    return;
  }
  if (JOB_AID.test(url.pathname)) {  // kept by "Keep this course for offline"
    event.respondWith(fetch(request).catch(() => caches.open(PAGES).then(
      (cache) => cache.match(url.pathname)
    ).then((hit) => hit || Response.error())));
    return;
  }
  if (request.mode === "navigate" && !url.search) {
    if (!CACHEABLE.test(url.pathname)) {
      event.respondWith(fetch(request).catch(() => offlinePage(url)));
      return;
    }
    event.respondWith(
      fetch(request).then((response) => {
        if (response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(PAGES).then((cache) => cache.put(request, copy));
        }
        return response;
      }).catch(() => caches.open(PAGES).then((cache) => cache.match(request, { ignoreVary: true })).then(
        (hit) => hit || offlinePage(url)
      ))
    );
  }
});
