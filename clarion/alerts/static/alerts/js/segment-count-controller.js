// Recounts the supporters a segment reaches while its conditions are edited; saving shows the count anyway.
// A Stimulus controller on Wagtail's public API, wired in templates/alerts/admin/_segment_count.html.
window.wagtail.app.register("segment-count", class extends window.StimulusModule.Controller {
  static targets = ["output"];
  static values = { url: String, form: String, unknown: String };

  disconnect() {
    window.clearTimeout(this.timer);
  }

  // Listens on the document: Wagtail's editor form is not inside this element.
  later(event) {
    const form = event.target.form;
    if (!form || form.id !== this.formValue) return;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.recount(form), 400);
  }

  recount(form) {
    fetch(this.urlValue, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((response) => response.json())
      .then((data) => this.show(data.count))
      .catch(() => this.show(undefined));
  }

  show(count) {
    this.outputTarget.textContent = count === undefined ? this.unknownValue : count;
  }
});
