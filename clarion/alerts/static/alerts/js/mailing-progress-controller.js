// Refreshes a mailing's progress figures every few seconds while it is sending, and takes away Pause and Cancel
// once it has finished; the page works without it (a reload shows the same). A Stimulus controller on Wagtail's
// public API, wired in templates/alerts/admin/send.html, which also passes the translated formats.
window.wagtail.app.register("mailing-progress", class extends window.StimulusModule.Controller {
  static targets = ["status", "controls", "bar", "figure", "eta"];
  static values = { url: String, live: Boolean, seconds: String, percent: String, unknown: String };

  connect() {
    if (this.liveValue) this.pollIn(2000);
  }

  disconnect() {
    window.clearTimeout(this.timer);
  }

  pollIn(delay) {
    this.timer = window.setTimeout(() => this.poll(), delay);
  }

  poll() {
    fetch(this.urlValue, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (!data) return;
        this.show(data);
        if (!data.finished) this.pollIn(2000);
      })
      .catch(() => this.pollIn(10000));
  }

  show(data) {
    this.figureTargets.forEach((figure) => {
      figure.textContent = data[figure.dataset.progress];
    });
    if (this.hasEtaTarget) {
      this.etaTarget.textContent = data.eta_seconds === null
        ? this.unknownValue : this.fill(this.secondsValue, "seconds", data.eta_seconds);
    }
    if (this.hasBarTarget) {
      this.barTarget.value = data.percent;
      this.barTarget.textContent = this.fill(this.percentValue, "percent", data.percent);
    }
    if (this.hasStatusTarget && this.statusTarget.textContent !== data.status_label) {
      this.statusTarget.textContent = data.status_label;
    }
    if (data.finished) this.finish();
  }

  finish() {
    if (!this.hasControlsTarget) return;
    const controls = this.controlsTarget;
    const hadFocus = controls.contains(document.activeElement);
    controls.remove();
    // Keep a keyboard user's place: the button they were on is gone, the final state takes its role.
    if (hadFocus && this.hasStatusTarget) {
      this.statusTarget.setAttribute("tabindex", "-1");
      this.statusTarget.focus();
    }
  }

  // A translated Django format such as "%(seconds)s s" or "%(percent)s%%" with its one value put in.
  fill(format, name, value) {
    return format.replace(`%(${name})s`, value).replace("%%", "%");
  }
});
