/* Clarion's embeddable petition: <script src="https://SITE/embed/petition.js" data-petition="ID" async></script>
   Renders the counter, the signing form and the share step inside a Shadow DOM next to the script tag, so the
   host page's CSS cannot reach it and its own CSS cannot reach the host page. It talks to SITE only, sends no
   cookies (credentials: "omit") and sets none. Every text comes from SITE in the host page's language. */
(function () {
  "use strict";
  var CSS = [
    /* !important inside the shadow tree wins over the host page's !important rules on the host element. */
    ":host{all:initial!important;display:block!important;visibility:visible!important;opacity:1!important;",
    "position:static!important;transform:none!important;filter:none!important;clip-path:none!important;",
    "font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif!important;color:#1a1a1a!important}",
    ".w{display:block;border:1px solid #c9c9c9;border-radius:8px;padding:16px;background:#fff;color:#1a1a1a;",
    "max-inline-size:36em;box-sizing:border-box;text-align:start}",
    ":where(.w *){box-sizing:border-box;font:inherit;color:inherit;visibility:visible;opacity:1}",
    "h2{font-size:1.3em;font-weight:700;margin:0 0 .4em;display:block}",
    "h3{font-size:1.1em;font-weight:700;margin:1em 0 .4em;display:block}",
    "p{margin:0 0 .8em;display:block}",
    ".n{font-size:1.2em;font-weight:700;margin:0}",
    ".bar{block-size:8px;background:#e5e5e5;border-radius:4px;margin:.3em 0 1em;overflow:hidden;display:block}",
    ".bar>span{display:block;block-size:100%;background:#8a1c1c}",
    "form{display:block;margin:0}",
    ".f{display:block;margin:0 0 .8em}",
    ".f>label{display:block;font-weight:600;margin-block-end:.2em}",
    ".c{display:flex;gap:.5em;align-items:flex-start;margin:0 0 .8em}",
    "input[type=text],input[type=email],select,textarea{display:block;inline-size:100%;padding:.45em .5em;",
    "border:1px solid #767676;border-radius:4px;background:#fff;color:#1a1a1a}",
    "input[type=checkbox]{display:inline-block;margin:.3em 0 0;inline-size:1.1em;block-size:1.1em;flex:none}",
    "[aria-invalid=true]{border-color:#b00020;border-width:2px}",
    ".e{color:#b00020;font-weight:600;margin:.2em 0 0}",
    "button,.b{display:inline-block;padding:.6em 1.1em;border:0;border-radius:4px;background:#8a1c1c;",
    "color:#fff;font-weight:700;cursor:pointer;text-decoration:none;margin:0 .4em .4em 0}",
    "button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,",
    "[tabindex]:focus-visible{outline:3px solid #1b4fd6;outline-offset:2px}",
    "a{color:#1b4fd6;text-decoration:underline}",
    ".s{margin:.8em 0 0;font-weight:600}",
    "ul{list-style:none;margin:0;padding:0;display:block}li{display:inline-block}",
    "[hidden]{display:none!important}"
  ].join("");

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === false || value == null) return;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; });
  }

  function number(value, lang) {
    try { return value.toLocaleString(lang); } catch (_e) { return String(value); }
  }

  function field(spec, id) {
    var control, error = el("p", {"class": "e", id: id + "-e", hidden: true});
    if (spec.type === "checkbox") {
      control = el("input", {type: "checkbox", id: id, name: spec.name, "aria-describedby": id + "-e"});
      var box = el("div", {"class": "c"}, [control, el("label", {"for": id, text: spec.label})]);
      return {wrap: el("div", {}, [box, error]), control: control, error: error};
    }
    if (spec.type === "select") {
      control = el("select", {id: id, name: spec.name, required: spec.required, autocomplete: spec.autocomplete,
                              "aria-describedby": id + "-e"});
      spec.choices.forEach(function (choice) {
        control.appendChild(el("option", {value: choice[0], text: choice[1], selected: choice[0] === spec.initial}));
      });
    } else {
      control = el(spec.type === "textarea" ? "textarea" : "input", {
        id: id, name: spec.name, type: spec.type === "textarea" ? null : spec.type, required: spec.required,
        maxlength: spec.max_length, autocomplete: spec.autocomplete, rows: spec.type === "textarea" ? 3 : null,
        // Addresses run left to right; names and free text the way they are written.
        dir: spec.type === "email" || spec.type === "url" ? "ltr" : "auto",
        "aria-describedby": id + "-e"
      });
    }
    return {wrap: el("div", {"class": "f"}, [el("label", {"for": id, text: spec.label}), control, error]),
            control: control, error: error};
  }

  function counter(doc) {
    var t = doc.texts, c = doc.count, lang = doc.number_locale || doc.language;
    var text = c.shown ? format(t.signatures, {count: number(c.total, lang)}) : t.first;
    var percent = c.goal ? Math.min(100, Math.round(100 * c.total / c.goal)) : 100;
    var bar = el("div", {"class": "bar", "aria-hidden": "true"}, [el("span")]);
    bar.firstChild.style.inlineSize = (c.shown ? percent : 0) + "%";
    return [el("p", {"class": "n", text: text}), bar,
            c.shown ? el("p", {text: format(t.goal, {goal: number(c.goal, lang)})}) : null];
  }

  function shareStep(doc) {
    var t = doc.texts;
    var links = el("ul", {}, doc.share.links.map(function (link) {
      return el("li", {}, [el("a", {"class": "b", href: link.href, target: "_blank", rel: "noopener noreferrer",
                                    text: link.label})]);
    }));
    var input = el("input", {type: "text", id: "copy", readonly: true, value: doc.share.copy_url});
    var copy = el("button", {type: "button", text: t.copy});
    var done = el("p", {"class": "s", role: "status"});
    copy.addEventListener("click", function () {
      input.select();
      var shown = function () { done.textContent = t.copied; };
      if (navigator.clipboard) navigator.clipboard.writeText(doc.share.copy_url).then(shown, function () {});
      else if (document.execCommand && document.execCommand("copy")) shown();
    });
    return el("section", {"aria-labelledby": "share", hidden: true}, [
      el("h3", {id: "share", text: t.share}), links,
      el("div", {"class": "f"}, [el("label", {"for": "copy", text: t.link}), input]),
      copy, done
    ]);
  }

  function render(root, doc, partner) {
    var t = doc.texts, started = Date.now(), controls = {};
    var status = el("p", {"class": "s", role: "status", "aria-live": "polite", tabindex: "-1"});
    var canSign = doc.accepts_signatures && doc.partner;
    var body = [el("h2", {id: "t", text: doc.title}), el("p", {text: doc.demand})].concat(counter(doc));
    var share = shareStep(doc), form = null;
    if (canSign) {
      form = el("form", {novalidate: true, "aria-labelledby": "h"}, [el("h3", {id: "h", text: t.heading})]);
      doc.fields.forEach(function (spec) {
        var made = field(spec, "f-" + spec.name);
        controls[spec.name] = made;
        form.appendChild(made.wrap);
        if (spec.privacy_url) {
          form.appendChild(el("p", {}, [el("a", {href: spec.privacy_url, target: "_blank", rel: "noopener noreferrer",
                                                 text: doc.partner.name + ": " + t.privacy})]));
        }
      });
      form.appendChild(el("button", {type: "submit", text: t.sign}));
      if (doc.privacy_url) {
        form.appendChild(el("a", {href: doc.privacy_url, target: "_blank", rel: "noopener noreferrer",
                                  text: t.privacy}));
      }
      form.appendChild(el("p", {text: t.note}));
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        submit(doc, form, controls, status, share, partner, started);
      });
    } else {
      body.push(el("p", {text: doc.accepts_signatures ? t.not_partner : t.closed}));
    }
    body.push(form, status);
    if (!canSign) body.push(el("p", {}, [el("a", {href: doc.url, target: "_blank", rel: "noopener", text: t.open_page})]));
    body.push(share);
    root.appendChild(el("section", {"class": "w", lang: doc.language, dir: doc.direction, "aria-labelledby": "t"},
                        body));
  }

  function showErrors(controls, errors) {
    var first = null;
    Object.keys(controls).forEach(function (name) {
      var c = controls[name], messages = errors[name];
      c.error.hidden = !messages;
      c.error.textContent = messages ? messages.join(" ") : "";
      if (messages) c.control.setAttribute("aria-invalid", "true");
      else c.control.removeAttribute("aria-invalid");
      if (messages && !first) first = c.control;
    });
    return first;
  }

  function submit(doc, form, controls, status, share, partner, started) {
    var t = doc.texts, data = {website: "", elapsed: String(Date.now() - started)};
    var button = form.querySelector("button[type=submit]");
    if (partner) data.partner = partner;
    Object.keys(controls).forEach(function (name) {
      var control = controls[name].control;
      data[name] = control.type === "checkbox" ? control.checked : control.value;
    });
    button.disabled = true;
    status.textContent = t.sending;
    fetch(doc.sign_url + "?lang=" + encodeURIComponent(doc.language), {
      method: "POST", mode: "cors", credentials: "omit", headers: {"Content-Type": "application/json"},
      body: JSON.stringify(data)
    }).then(function (response) {
      return response.json().then(function (answer) { return {ok: response.ok, answer: answer}; });
    }).then(function (result) {
      button.disabled = false;
      if (result.ok) {
        form.hidden = true;
        share.hidden = false;
        status.textContent = t.check_email;
        status.focus();
        return;
      }
      var first = showErrors(controls, result.answer.errors || {});
      status.textContent = first ? t.correct : (result.answer.detail || t.failed);
      (first || status).focus();
    }).catch(function () {
      button.disabled = false;
      status.textContent = t.failed;
      status.focus();
    });
  }

  function start(script) {
    if (script.getAttribute("data-clarion-ready")) return;
    script.setAttribute("data-clarion-ready", "1");
    var site = new URL(script.src, location.href).origin;
    var id = script.getAttribute("data-petition");
    var partner = script.getAttribute("data-partner") || "";
    var lang = document.documentElement.getAttribute("lang") || "";
    var host = document.createElement("clarion-petition");
    script.parentNode.insertBefore(host, script.nextSibling);
    var root = host.attachShadow({mode: "open"});
    if (root.adoptedStyleSheets !== undefined && window.CSSStyleSheet) {
      /* A constructed sheet, not a <style> element: a host page whose CSP forbids inline styles still allows it. */
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      root.appendChild(el("style", {text: CSS}));
    }
    var url = site + "/embed/petitions/" + encodeURIComponent(id) + ".json?lang=" + encodeURIComponent(lang) +
      "&partner=" + encodeURIComponent(partner || location.origin);
    fetch(url, {credentials: "omit", mode: "cors"}).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (doc) { render(root, doc, partner); }, function () {
      root.appendChild(el("p", {role: "alert", text: "Petition " + id + " could not be loaded from " + site + "."}));
    });
  }

  var current = document.currentScript;
  if (current && current.getAttribute("data-petition")) start(current);
  else Array.prototype.forEach.call(document.querySelectorAll("script[data-petition]"), start);
})();
