// Recounts the supporters a segment reaches while its conditions are edited; saving shows the count anyway.
(function () {
  "use strict";
  var holder = document.querySelector("[data-segment-count-url]");
  var form = document.getElementById("w-editor-form");
  if (!holder || !form || !window.fetch) return;
  var output = holder.querySelector("[data-segment-count]");
  var timer = null;

  function recount() {
    fetch(holder.getAttribute("data-segment-count-url"), {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) { return response.json(); })
      .then(function (data) { output.textContent = data.count === undefined ? "—" : data.count; })
      .catch(function () { output.textContent = "—"; });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(recount, 400);
  }
  form.addEventListener("change", later);
  form.addEventListener("input", later);
})();
