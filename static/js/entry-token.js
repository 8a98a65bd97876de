/* The consultation entry form's submission token goes into the page's address (?t=<token>),
   so that a browser which fetches the form again on "back" asks for the same token, and the
   server leads to the consultation already saved instead of saving it (and a new client) a
   second time. Loaded by consultation_form.html (the CSP forbids inline scripts). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    const form = document.querySelector("form[data-token-in-url]");
    const token = form && form.querySelector("input[name=submission_token]");
    if (!token || !token.value || !window.history.replaceState) {
      return;
    }
    const url = new URL(window.location.href);
    const parameter = form.dataset.tokenInUrl;
    if (url.searchParams.get(parameter) !== token.value) {
      url.searchParams.set(parameter, token.value);
      window.history.replaceState(window.history.state, "", url);
    }
  });
})();
