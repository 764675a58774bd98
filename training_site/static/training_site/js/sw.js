/* Offline reading: lessons and course pages a learner has opened stay readable without a
   connection. Pages: network first, cached copy when offline. Static files: cache first.
   Signing out clears the cached pages. Nothing else (forms, quizzes, admin) is cached. */
const PAGES = "amt-pages-v1";
const STATIC = "amt-static-v1";
const CACHEABLE = /^\/(en|fr|ar|es|pt)\/courses\//;
const OFFLINE_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem">
<p lang="en">You are offline and this page was not saved on this device. Lessons you opened before are still available.</p>
<p lang="fr">Vous êtes hors ligne et cette page n'a pas été enregistrée sur cet appareil. Les leçons déjà ouvertes restent disponibles.</p>
<p lang="ar" dir="rtl">أنت غير متصل بالإنترنت ولم تُحفظ هذه الصفحة على هذا الجهاز. الدروس التي فتحتها من قبل ما زالت متاحة.</p>
</body></html>`;

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
  if (request.mode === "navigate" && CACHEABLE.test(url.pathname) && !url.search) {
    event.respondWith(
      fetch(request).then((response) => {
        if (response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(PAGES).then((cache) => cache.put(request, copy));
        }
        return response;
      }).catch(() => caches.open(PAGES).then((cache) => cache.match(request)).then(
        (hit) => hit || new Response(
          OFFLINE_PAGE,
          { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }
        )
      ))
    );
  }
});
