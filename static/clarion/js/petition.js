// Petition forms and counters: measure how long the form took to fill (a fraud signal), keep the counter live,
// and carry the visitor's first touch (ref, src, utm_*) from the page they landed on to the form they sign.
(() => {
  "use strict";
  // Loaded by every page and again by the petition page: run once.
  if (window.clarionPetition) return;
  window.clarionPetition = true;
  const loadedAt = performance.now();

  // The first page of the visit with attribution in its address wins; kept for this tab only, never a cookie.
  const TOUCH_KEY = "clarion.firstTouch";
  const TOUCH_FIELDS = ["ref", "src", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];
  const firstTouch = (() => {
    try {
      const stored = JSON.parse(window.sessionStorage.getItem(TOUCH_KEY) || "null");
      if (stored) return stored;
      const params = new URLSearchParams(window.location.search);
      const touch = {};
      TOUCH_FIELDS.forEach((name) => {
        const value = params.get(name);
        if (value) touch[name] = value.slice(0, 100);
      });
      if (Object.keys(touch).length) window.sessionStorage.setItem(TOUCH_KEY, JSON.stringify(touch));
      return touch;
    } catch {
      return {}; // storage switched off: the server-side inputs from this page's address still work
    }
  })();

  document.querySelectorAll("[data-petition-form] input[data-attribution]").forEach((input) => {
    if (!input.value && typeof firstTouch[input.name] === "string") input.value = firstTouch[input.name];
  });

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
      if (fill) fill.setAttribute("width", String(percent)); // the SVG bar is 100 units wide
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
