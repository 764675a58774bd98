// "Keep this course for offline": saves the course page, every lesson and their job aids in the
// service worker's page cache (see /sw.js), which serves them when there is no connection.
(function () {
  "use strict";
  var box = document.querySelector("[data-keep-offline]");
  if (!box || !("caches" in window) || !("serviceWorker" in navigator)) return;
  var PAGES = "amt-pages-v1"; // the names used in sw.js
  var STATIC = "amt-static-v1";
  var button = box.querySelector("[data-keep-offline-button]");
  var status = box.querySelector("[data-keep-offline-status]");
  box.hidden = false;

  function keep(cache, url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok || response.redirected) throw new Error(url);
      return cache.put(url, response.clone()).then(function () { return response; });
    });
  }

  // The job aids a lesson links to, and the scripts and styles it needs (progress.js is not
  // on the course page, so it may not be cached yet).
  function linked(response) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("text/html") !== 0) return { aids: [], assets: [] };
    return response.text().then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      function attrs(selector, name) {
        return Array.prototype.map.call(doc.querySelectorAll(selector), function (el) {
          return el.getAttribute(name);
        });
      }
      return {
        aids: attrs('a[href$=".pdf"]', "href"),
        assets: attrs('script[src^="/static/"]', "src").concat(
          attrs('link[rel=stylesheet][href^="/static/"]', "href")
        ),
      };
    });
  }

  function unique(lists) {
    var all = [];
    lists.forEach(function (list) {
      list.forEach(function (url) { if (all.indexOf(url) < 0) all.push(url); });
    });
    return all;
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = button.dataset.working;
    var pages = [location.pathname].concat(
      Array.prototype.map.call(document.querySelectorAll(".lesson-list a[href]"), function (a) {
        return a.getAttribute("href");
      })
    );
    Promise.all([caches.open(PAGES), caches.open(STATIC)])
      .then(function (opened) {
        return Promise.all(pages.map(function (url) {
          return keep(opened[0], url).then(linked);
        })).then(function (found) {
          var aids = unique(found.map(function (f) { return f.aids; }));
          var assets = unique(found.map(function (f) { return f.assets; }));
          return Promise.all(
            aids.map(function (url) { return keep(opened[0], url); }).concat(
              assets.map(function (url) { return keep(opened[1], url); })
            )
          ).then(function () {
            return pages.length + aids.length;
          });
        });
      })
      .then(function (count) {
        status.textContent = button.dataset.done.replace("%(count)s", count);
        button.disabled = false;
      })
      .catch(function () {
        status.textContent = button.dataset.failed;
        button.disabled = false;
      });
  });
})();
