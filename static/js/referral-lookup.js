/* Referral lookup of the consultation form: choosing one of the organisations that the search
   text found (radio buttons from consultations:referral_lookup, swapped in by htmx) writes its
   id into the row's hidden field and its name into the search field. Without this script the
   radio button itself is submitted and the server resolves it the same way. Loaded by
   consultation_form.html (the CSP forbids inline scripts). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    const radio = event.target;
    if (!(radio instanceof HTMLInputElement) || !radio.dataset.referralRow) {
      return;
    }
    const row = radio.dataset.referralRow;
    const chosen = document.getElementById("id_referral_" + row);
    const search = document.getElementById("id_referral_" + row + "_search");
    if (chosen && search && radio.checked) {
      chosen.value = radio.value;
      search.value = radio.dataset.name;
    }
  });
})();
