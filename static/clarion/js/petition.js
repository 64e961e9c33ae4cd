// Petition page: measure how long the form took to fill (a fraud signal) and keep the counter live.
(() => {
  "use strict";
  const loadedAt = performance.now();

  document.querySelectorAll("[data-petition-form]").forEach((form) => {
    form.addEventListener("submit", () => {
      const field = form.querySelector("[data-elapsed]");
      if (field) field.value = String(Math.round(performance.now() - loadedAt));
    });
  });

  const format = (n) => new Intl.NumberFormat(document.documentElement.lang || undefined).format(n);

  document.querySelectorAll("[data-petition-count]").forEach((counter) => {
    const url = counter.dataset.petitionCount;
    const countEl = counter.querySelector("[data-count]");
    const goalEl = counter.querySelector("[data-goal]");
    const fill = counter.querySelector("[data-fill]");
    const bar = counter.querySelector("[role=progressbar]");
    if (!url || !countEl) return;
    const show = (doc) => {
      countEl.textContent = format(doc.signature_count);
      if (goalEl) goalEl.textContent = format(doc.goal);
      const percent = doc.goal ? Math.min(100, Math.round((100 * doc.signature_count) / doc.goal)) : 100;
      if (fill) fill.style.inlineSize = `${percent}%`;
      if (bar) bar.setAttribute("aria-valuenow", String(percent));
    };
    let delay = 10000;
    const poll = async () => {
      if (!document.hidden) {
        try {
          const response = await fetch(url, { headers: { Accept: "application/json" } });
          if (response.ok) {
            show(await response.json());
            delay = 10000;
          } else {
            delay = Math.min(delay * 2, 120000);
          }
        } catch {
          delay = Math.min(delay * 2, 120000);
        }
      }
      window.setTimeout(poll, delay);
    };
    window.setTimeout(poll, delay);
  });
})();
