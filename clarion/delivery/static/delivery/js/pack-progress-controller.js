// Follows a delivery pack's build every two seconds until it is ready or failed, then reloads the page so its
// download links (or the retry button) appear; without it a reload shows the same. Wired in
// templates/delivery/admin/delivery.html, which passes the translated percent format.
window.wagtail.app.register("pack-progress", class extends window.StimulusModule.Controller {
  static targets = ["status", "bar"];
  static values = { url: String, live: Boolean, percent: String };

  connect() {
    if (this.liveValue) this.pollIn(1000);
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
        this.barTarget.value = data.percent;
        this.barTarget.textContent = this.percentValue.replace("%(percent)s", data.percent).replace("%%", "%");
        this.statusTarget.textContent = data.status_label;
        if (data.finished) window.location.reload();
        else this.pollIn(2000);
      })
      .catch(() => this.pollIn(10000));
  }
});
