// Clarion front end: carousel, off-canvas drawer and video facade. Progressive enhancement only.
(() => {
  "use strict";

  const reducedMotion = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const isRtl = (element) => getComputedStyle(element).direction === "rtl";
  const FOCUSABLE = [
    "a[href]", "area[href]", "button:not([disabled])", "input:not([disabled]):not([type=hidden])",
    "select:not([disabled])", "textarea:not([disabled])", "iframe", "audio[controls]", "video[controls]",
    "summary", "[contenteditable]:not([contenteditable=false])", "[tabindex]:not([tabindex='-1'])",
  ].join(",");

  function focusableIn(root) {
    return [...root.querySelectorAll(FOCUSABLE)].filter(
      (el) => !el.closest("[inert], [hidden]") && el.getClientRects().length > 0,
    );
  }

  // Carousel, after the WAI-ARIA APG carousel pattern.
  function initCarousel(root) {
    const container = root.querySelector(".carousel__slides");
    if (!container) return;
    const slides = [...container.querySelectorAll(".carousel__slide")];
    if (!slides.length) return;
    const controls = root.querySelector(".carousel__controls");
    const picker = root.querySelector(".carousel__picker");
    const rotationButton = root.querySelector("[data-carousel-rotation]");
    const dots = [...root.querySelectorAll("[data-carousel-goto]")];
    const interval = Number.parseInt(root.dataset.interval, 10) || 6000;
    const several = slides.length > 1;

    let current = 0;
    let userWantsRotation = several && !reducedMotion();
    let hovered = false;
    let focused = false;
    let timer = null;
    let scrollTimer = null;

    root.classList.add("carousel--enhanced");
    if (several) {
      controls?.removeAttribute("hidden");
      picker?.removeAttribute("hidden");
    }

    const rotating = () => several && userWantsRotation && !hovered && !focused;

    function render() {
      slides.forEach((slide, i) => {
        slide.inert = i !== current;
      });
      dots.forEach((dot) => {
        if (Number(dot.dataset.carouselGoto) === current) dot.setAttribute("aria-disabled", "true");
        else dot.removeAttribute("aria-disabled");
      });
    }

    // How far a slide's reading-start edge is from the strip's: the right edges in right-to-left pages, where
    // the first slide sits at the right and scrollLeft runs negative. Bounding rects hold in both directions.
    function offsetOf(slide) {
      const box = container.getBoundingClientRect();
      const rect = slide.getBoundingClientRect();
      return isRtl(container) ? rect.right - box.right : rect.left - box.left;
    }

    function scrollToSlide(index) {
      const delta = offsetOf(slides[index]);
      container.scrollTo({ left: container.scrollLeft + delta, behavior: reducedMotion() ? "auto" : "smooth" });
    }

    function goTo(index) {
      current = (index + slides.length) % slides.length;
      render();
      scrollToSlide(current);
      schedule();
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = rotating() ? window.setTimeout(() => goTo(current + 1), interval) : null;
      container.setAttribute("aria-live", rotating() ? "off" : "polite");
      if (rotationButton) {
        const label = userWantsRotation ? rotationButton.dataset.labelStop : rotationButton.dataset.labelStart;
        if (label) rotationButton.setAttribute("aria-label", label);
        rotationButton.classList.toggle("is-playing", userWantsRotation);
      }
    }

    function closestSlide() {
      let best = current;
      let bestDistance = Infinity;
      slides.forEach((slide, i) => {
        const distance = Math.abs(offsetOf(slide));
        if (distance < bestDistance) [best, bestDistance] = [i, distance];
      });
      return best;
    }

    root.querySelector("[data-carousel-prev]")?.addEventListener("click", () => goTo(current - 1));
    root.querySelector("[data-carousel-next]")?.addEventListener("click", () => goTo(current + 1));
    dots.forEach((dot) => dot.addEventListener("click", () => goTo(Number(dot.dataset.carouselGoto))));
    rotationButton?.addEventListener("click", () => {
      userWantsRotation = !userWantsRotation;
      schedule();
    });

    container.addEventListener("scroll", () => {
      window.clearTimeout(scrollTimer);
      scrollTimer = window.setTimeout(() => {
        const index = closestSlide();
        if (index !== current) {
          current = index;
          render();
          schedule();
        }
      }, 120);
    }, { passive: true });

    root.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target;
      if (target !== container && !controls?.contains(target) && !picker?.contains(target)) return;
      event.preventDefault();
      const forward = (event.key === "ArrowRight") !== isRtl(root);
      goTo(current + (forward ? 1 : -1));
    });

    root.addEventListener("mouseenter", () => { hovered = true; schedule(); });
    root.addEventListener("mouseleave", () => { hovered = false; schedule(); });
    root.addEventListener("focusin", () => { focused = true; schedule(); });
    root.addEventListener("focusout", (event) => {
      if (root.contains(event.relatedTarget)) return;
      focused = false;
      schedule();
    });

    render();
    schedule();
  }

  // Off-canvas drawer: a modal <dialog> with an explicit focus trap.
  function initOffcanvas() {
    const dialog = document.getElementById("offcanvas");
    const toggle = document.querySelector('.offcanvas-toggle[aria-controls="offcanvas"]');
    if (!dialog || !toggle || typeof dialog.showModal !== "function") return;
    const closeButton = dialog.querySelector(".offcanvas__close");
    const html = document.documentElement;
    let pressedOnBackdrop = false;

    function open() {
      if (dialog.open) return;
      dialog.showModal();
      toggle.setAttribute("aria-expanded", "true");
      html.classList.add("offcanvas-open");
      (closeButton || focusableIn(dialog)[0] || dialog).focus();
    }

    function close({ returnFocus = true } = {}) {
      if (dialog.open) dialog.close();
      toggle.setAttribute("aria-expanded", "false");
      html.classList.remove("offcanvas-open");
      if (returnFocus) toggle.focus();
    }

    toggle.addEventListener("click", open);
    closeButton?.addEventListener("click", () => close());

    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      close();
    });

    // Keeps state right if anything else closes the dialog.
    dialog.addEventListener("close", () => {
      toggle.setAttribute("aria-expanded", "false");
      html.classList.remove("offcanvas-open");
    });

    // Only a press that starts and ends on the backdrop closes: a text selection dragged out does not.
    dialog.addEventListener("pointerdown", (event) => { pressedOnBackdrop = event.target === dialog; });
    dialog.addEventListener("click", (event) => {
      if (event.target === dialog && pressedOnBackdrop) close();
      pressedOnBackdrop = false;
    });

    dialog.addEventListener("keydown", (event) => {
      if (event.key !== "Tab") return;
      const items = focusableIn(dialog);
      if (!items.length) {
        event.preventDefault();
        return;
      }
      const first = items[0];
      const last = items[items.length - 1];
      const active = document.activeElement;
      if (event.shiftKey && (active === first || !dialog.contains(active) || active === dialog)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (active === last || !dialog.contains(active) || active === dialog)) {
        event.preventDefault();
        first.focus();
      }
    });

    const wide = window.matchMedia("(min-width: 60em)");
    wide.addEventListener?.("change", () => {
      if (wide.matches && dialog.open && !toggle.classList.contains("offcanvas-toggle--always")) {
        close({ returnFocus: false });
      }
    });
  }

  // Video facade: nothing is requested from the video host until the visitor presses play.
  function initVideoFacade(facade) {
    const play = facade.querySelector("[data-video-play]");
    const embed = facade.dataset.videoEmbed;
    if (!play || !embed) return;
    let url;
    try {
      url = new URL(embed, document.baseURI);
    } catch {
      return;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") return;

    play.addEventListener("click", (event) => {
      // Let modified clicks open the video page in a new tab as usual.
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      const iframe = document.createElement("iframe");
      iframe.className = "video__iframe";
      iframe.src = url.href;
      iframe.title = facade.dataset.videoTitle || play.textContent.trim();
      iframe.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      iframe.allowFullscreen = true;
      iframe.setAttribute("loading", "eager");
      iframe.referrerPolicy = "strict-origin-when-cross-origin";
      iframe.width = "960";
      iframe.height = "540";
      facade.replaceWith(iframe);
      iframe.focus();
    });
  }

  function init() {
    document.querySelectorAll("[data-carousel]").forEach(initCarousel);
    initOffcanvas();
    document.querySelectorAll(".video__facade[data-video-embed]").forEach(initVideoFacade);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
