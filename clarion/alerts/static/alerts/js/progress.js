// Refreshes a mailing's progress figures every few seconds while it is sending, and takes away Pause and Cancel
// once it has finished; the page works without it (a reload shows the same).
(function () {
  "use strict";
  var section = document.querySelector("[data-progress-live]");
  if (!section || !window.fetch) return;
  var bar = section.querySelector("progress");
  var url = section.getAttribute("data-progress-url");

  function show(data) {
    ["sent", "failed", "skipped", "remaining", "total", "percent"].forEach(function (name) {
      var el = section.querySelector('[data-progress="' + name + '"]');
      if (el) el.textContent = data[name];
    });
    var eta = section.querySelector('[data-progress="eta"]');
    if (eta) eta.textContent = data.eta_seconds === null ? "—" : data.eta_seconds + " s";
    bar.value = data.percent;
    bar.textContent = data.percent + "%";
    var status = document.querySelector("[data-mailing-status]");
    if (status && status.textContent !== data.status_label) status.textContent = data.status_label;
    if (data.finished) finish(status);
  }

  function finish(status) {
    var controls = document.querySelector("[data-mailing-controls]");
    if (!controls) return;
    var hadFocus = controls.contains(document.activeElement);
    controls.remove();
    // Keep a keyboard user's place: the button they were on is gone, the final state takes its role.
    if (hadFocus && status) {
      status.setAttribute("tabindex", "-1");
      status.focus();
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        show(data);
        if (!data.finished) window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 2000);
})();
