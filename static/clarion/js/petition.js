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
      // A form sent back to correct carries the time already spent on it.
      const before = parseInt(field ? field.dataset.elapsedBefore : "", 10) || 0;
      if (field) field.value = String(before + Math.round(performance.now() - loadedAt));
    });
  });

  const lang = document.documentElement.lang || undefined;
  // The counter names the locale that writes figures as the server did (the site's digits for this language).
  const formatter = (locale) => {
    try {
      return new Intl.NumberFormat(locale || lang);
    } catch {
      return new Intl.NumberFormat(lang);
    }
  };
  const plural = new Intl.PluralRules(lang);
  const still = window.matchMedia("(prefers-reduced-motion: reduce)");
  const ANIMATION_MS = 1200;

  // A form sent back with mistakes: take the signer to the first one (the server marked it aria-invalid).
  const firstInvalid = document.querySelector("[data-petition-form] [aria-invalid=true]");
  if (firstInvalid) firstInvalid.focus();

  document.querySelectorAll("[data-petition-count]").forEach((counter) => {
    const url = counter.dataset.petitionCount;
    const countEl = counter.querySelector("[data-count]");
    const labelEl = counter.querySelector("[data-count-label]");
    const shownEl = counter.querySelector("[data-count-shown]");
    const hiddenEl = counter.querySelector("[data-count-hidden]");
    const goalEl = counter.querySelector("[data-goal]");
    const bar = counter.querySelector("[data-progress]");
    if (!url || !countEl) return;
    const numbers = formatter(counter.dataset.numberLocale);
    const format = (n) => numbers.format(n);
    let current = bar ? Number(bar.value) : 0;
    let frame = 0;

    const draw = (count) => {
      countEl.textContent = format(count);
      if (labelEl) labelEl.textContent = labelEl.dataset[plural.select(count)] || labelEl.dataset.other;
      if (bar) bar.value = count;
    };
    // Count up to the new figure, as a scoreboard does; at once for visitors who asked for less motion.
    const moveTo = (target) => {
      window.cancelAnimationFrame(frame);
      const from = current;
      current = target;
      if (still.matches || from === target) return draw(target);
      counter.classList.add("petition-counter--moving");
      const started = performance.now();
      const step = (now) => {
        const t = Math.min(1, (now - started) / ANIMATION_MS);
        draw(Math.round(from + (target - from) * (1 - (1 - t) ** 3)));
        if (t < 1) frame = window.requestAnimationFrame(step);
        else counter.classList.remove("petition-counter--moving");
      };
      frame = window.requestAnimationFrame(step);
    };
    const show = (doc) => {
      if (goalEl) goalEl.textContent = format(doc.goal);
      if (bar) bar.max = doc.goal;
      if (shownEl) shownEl.hidden = !doc.count_shown;
      if (bar) bar.hidden = !doc.count_shown;
      if (hiddenEl) {
        hiddenEl.hidden = doc.count_shown;
        hiddenEl.textContent = hiddenEl.dataset[doc.signature_count ? "few" : "none"];
      }
      moveTo(doc.signature_count);
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
