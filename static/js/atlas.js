/* The atlas's filter panel is a <details>: closed on phones so the results come first (also
   without JavaScript); on wide screens, where it sits beside the results, it starts open. */
(function () {
  "use strict";
  if (window.matchMedia("(min-width: 992px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (panel) {
      panel.open = true;
    });
  }
})();
