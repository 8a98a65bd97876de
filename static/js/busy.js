/* Buttons and links that start slow work (rendering a PDF) show that the work is under way
   instead of looking frozen: a spinner, their data-busy-text and aria-busy, announced to
   screen readers. A busy form cannot be sent twice. Loaded from base.html (the CSP forbids
   inline scripts). */
(function () {
  "use strict";

  function status() {
    let region = document.getElementById("busy-status");
    if (!region) {
      region = document.createElement("div");
      region.id = "busy-status";
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.append(region);
    }
    return region;
  }

  function busy(element) {
    element.dataset.idleHtml = element.innerHTML;
    element.setAttribute("aria-busy", "true");
    element.classList.add("disabled");
    const spinner = document.createElement("span");
    spinner.className = "spinner-border spinner-border-sm me-2";
    spinner.setAttribute("aria-hidden", "true");
    element.replaceChildren(spinner, document.createTextNode(element.dataset.busyText));
    status().textContent = element.dataset.busyText;
  }

  function idle(element) {
    if (element.dataset.idleHtml !== undefined) {
      element.innerHTML = element.dataset.idleHtml;
      delete element.dataset.idleHtml;
    }
    element.removeAttribute("aria-busy");
    element.classList.remove("disabled");
    element.disabled = false;
    status().textContent = "";
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    const button = event.submitter || form.querySelector("[type=submit][data-busy-text]");
    if (event.defaultPrevented || !button || !button.dataset.busyText) {
      return;
    }
    if (button.getAttribute("aria-busy") === "true") {
      event.preventDefault(); // the first click is being worked on
      return;
    }
    busy(button);
    // Disabled only after the browser has taken the form's data.
    window.setTimeout(function () { button.disabled = true; }, 0);
  });

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-busy-text]");
    if (!link) {
      return;
    }
    if (link.getAttribute("aria-busy") === "true") {
      event.preventDefault();
      return;
    }
    busy(link);
    // A download does not leave the page: give the link back after a while.
    window.setTimeout(function () { idle(link); }, 20000);
  });

  // Coming back with the browser's back button shows the page as it was left.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[aria-busy=true]").forEach(idle);
  });
})();
