// Wagtail's date and time widgets start their pickers from an inline <script>, which the
// site's CSP (scripts by nonce only) blocks. Our widget templates leave an inert <template>
// instead; this starts each picker, including those added later (StreamField, modals).
(function () {
  "use strict";
  function start(root) {
    root.querySelectorAll("template[data-admin-chooser]").forEach(function (marker) {
      var init = window[marker.dataset.adminChooser];
      if (typeof init !== "function" || marker.dataset.adminChooserStarted) return;
      marker.dataset.adminChooserStarted = "1";
      init(marker.dataset.adminChooserTarget, JSON.parse(marker.dataset.adminChooserConfig || "{}"));
    });
  }
  function ready() {
    start(document);
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) start(node.parentNode || node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
