// "Did you mean gmail.com?" when typing pauses in the e-mail field, with a button that takes the suggestion.
// The same rules as clarion/petitions/typos.py, which the server applies whether or not this script runs;
// the list of domains and the wording come from the field itself.
(() => {
  "use strict";
  const SLIPS_OF_COM = ["co", "cm", "om"];

  // Letters inserted, removed or changed, or two neighbours swapped.
  const distance = (a, b) => {
    let before = null;
    let previous = null;
    let current = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i += 1) {
      [before, previous, current] = [previous, current, [i]];
      for (let j = 1; j <= b.length; j += 1) {
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (before && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          current[j] = Math.min(current[j], before[j - 2] + 1);
        }
      }
    }
    return current[b.length];
  };

  const anotherCountry = (domain, common) => {
    const cut = domain.lastIndexOf(".");
    const ending = domain.slice(cut + 1);
    return domain.slice(0, cut) === common.slice(0, common.lastIndexOf("."))
      && ending.length === 2 && !SLIPS_OF_COM.includes(ending);
  };

  const suggestDomain = (domain, domains) => {
    if (!domain || domains.includes(domain)) return "";
    let best = "";
    let bestDistance = 3;
    domains.forEach((common) => {
      const edits = distance(domain, common);
      const allowed = common.length < 8 ? 1 : 2;
      if (edits <= allowed && edits < bestDistance && !anotherCountry(domain, common)) {
        best = common;
        bestDistance = edits;
      }
    });
    return best;
  };

  const hintFor = (input) => {
    let hint = input.parentElement.querySelector("[data-suggestion]");
    if (!hint) {
      hint = document.createElement("p");
      hint.className = "field__hint";
      hint.setAttribute("data-suggestion", "");
      hint.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", hint);
    }
    return hint;
  };

  const offer = (input) => {
    const domains = input.dataset.suggestDomains.split(" ");
    const value = input.value.trim();
    const at = value.lastIndexOf("@");
    const domain = at > 0 ? suggestDomain(value.slice(at + 1).toLowerCase(), domains) : "";
    const hint = hintFor(input);
    hint.replaceChildren();
    if (!domain) return;
    const address = `${value.slice(0, at)}@${domain}`;
    const [before, after = ""] = input.dataset.suggestText.split("%(address)s");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.textContent = address;
    button.addEventListener("click", () => {
      input.value = address;
      hint.replaceChildren();
      input.focus();
    });
    hint.append(before, button, after);
  };

  // Offered when typing pauses, never as the field is left: a hint appearing as a button or box is pressed
  // would push it from under the pointer, and the press would be lost.
  const PAUSE_MS = 700;
  document.querySelectorAll("input[data-suggest-domains]").forEach((input) => {
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => offer(input), PAUSE_MS);
    });
  });
})();
