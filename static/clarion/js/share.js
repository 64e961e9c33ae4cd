// Share step: a copy-link button (with a visible fallback) and the system share sheet where the browser has one.
// No third-party script, pixel or cookie: the share links themselves are plain links that work without this.
(() => {
  "use strict";

  document.querySelectorAll("[data-share-copy]").forEach((box) => {
    const input = box.querySelector("[data-share-copy-input]");
    const button = box.querySelector("[data-share-copy-button]");
    const status = box.querySelector("[data-share-status]");
    if (!input || !button) return;
    button.hidden = false;
    const say = (key) => {
      if (status) status.textContent = status.dataset[key] || "";
    };
    button.addEventListener("click", async () => {
      try {
        if (!navigator.clipboard) throw new Error("no clipboard");
        await navigator.clipboard.writeText(input.value);
        say("copied");
      } catch {
        // Clipboard refused (insecure context, permissions): select the link so the person can copy it.
        input.focus();
        input.select();
        say("fallback");
      }
    });
    input.addEventListener("focus", () => input.select());
  });

  if (typeof navigator.share !== "function") return;
  document.querySelectorAll("[data-share-native]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const { shareUrl: url, shareTitle: title, shareText: text } = button.dataset;
      try {
        await navigator.share({ url, title, text });
      } catch {
        // Cancelled by the person, or refused: the plain links below remain.
      }
    });
  });
})();
