/* Lookups of the consultation form (referral organisations, the interpreting assignment):
   choosing one of the radio buttons that the search text found (from consultations:
   referral_lookup or interpreter_lookup, swapped in by htmx) writes its id into the hidden
   field named by data-lookup-id and its name into the search field named by
   data-lookup-search. Without this script the radio button itself is submitted and the
   server resolves it the same way. Loaded by consultation_form.html (the CSP forbids inline
   scripts). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    const radio = event.target;
    if (!(radio instanceof HTMLInputElement) || !radio.dataset.lookupId) {
      return;
    }
    const chosen = document.getElementById(radio.dataset.lookupId);
    const search = document.getElementById(radio.dataset.lookupSearch);
    if (chosen && search && radio.checked) {
      chosen.value = radio.value;
      search.value = radio.dataset.name;
    }
  });
})();
