/* unknot: forms that talk to the JSON API, with the CSRF token and readable errors. */
(function () {
  "use strict";
  var T = JSON.parse(document.getElementById("app-text").textContent);
  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return values[k] === undefined || values[k] === null ? "–" : values[k]; });
  }
  var SAVED = "unknot-saved";  /* what a form saved, said on the page it reloads into */
  function failure(text) { var e = new Error(text); e.body = { message: text, field_errors: [] }; return e; }

  function token() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  async function api(method, url, body) {
    var response;
    try {
      response = await fetch(url, {
        method: method,
        headers: { "Content-Type": "application/json", "X-CSRF-Token": token() },
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin",
      });
    } catch (e) { throw failure(T.offline); }
    var data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) {
      if (!data) { throw failure(fmt(T.failed, { status: response.status })); }
      var error = new Error(data.message);
      error.body = data;
      throw error;
    }
    return data;
  }
  window.unknotApi = api;

  function plainValues(form) {
    var out = {};
    var groups = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name.indexOf(":") !== -1) { return; }
      if (el.type === "checkbox") {
        var many = form.querySelectorAll('input[type="checkbox"][name="' + el.name + '"]').length > 1;
        if (many) {
          groups[el.name] = groups[el.name] || [];
          if (el.checked) { groups[el.name].push(el.value); }
        } else {
          out[el.name] = el.checked;
        }
      } else if (el.type === "radio") {
        if (el.checked) { out[el.name] = el.value; }
      } else if (el.value !== "" && el.type !== "submit") {
        out[el.name] = el.type === "number" ? Number(el.value) : el.value;
      }
    });
    Object.keys(groups).forEach(function (name) { out[name] = groups[name]; });
    return out;
  }

  function spadiValues(form) {
    var answers = [];
    form.querySelectorAll("[data-item]").forEach(function (item) {
      var checked = item.querySelector("input:checked");
      answers.push(checked ? Number(checked.value) : null);
    });
    return { answers: answers };
  }

  /* A field error names its field as the page shows it (the question's legend or label), never
     by its id; an error about the form as a whole has no name before it. */
  function fieldLabel(form, field) {
    if (!field) { return ""; }
    var el = form.querySelector('[name="' + field + '"], [name="item-' + field + '"]');
    if (!el) { return ""; }
    var set = el.closest("fieldset"), legend = set && set.querySelector("legend");
    var label = legend || (el.labels && el.labels[0]);
    return label ? label.textContent.trim() : "";
  }

  function showErrors(form, body) {
    var box = form.querySelector("[data-errors]");
    if (!box) { return; }
    box.textContent = "";
    var p = document.createElement("p");
    p.textContent = body.message || "";
    box.appendChild(p);
    if (body.hint) {
      var hint = document.createElement("p");
      hint.textContent = body.hint;
      box.appendChild(hint);
    }
    if (body.field_errors && body.field_errors.length) {
      var ul = document.createElement("ul");
      body.field_errors.forEach(function (f) {
        var li = document.createElement("li");
        var label = fieldLabel(form, f.field);
        li.textContent = (label ? label + ": " : "") + f.message;
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    box.hidden = false;
    box.setAttribute("tabindex", "-1");
    box.focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var spec = form.getAttribute("data-api");
    if (!spec) { return; }
    event.preventDefault();
    var parts = spec.split(" ");
    var confirmText = form.getAttribute("data-confirm");
    if (confirmText && !window.confirm(confirmText)) { return; }
    var kind = form.getAttribute("data-kind");
    var own = (window.unknotKinds || {})[kind];  /* a page's own form (screening.js) */
    var missing = own ? own.missing(form) : [];
    if (missing.length) {
      showErrors(form, { message: form.getAttribute("data-unanswered"), field_errors:
        missing.map(function (title) { return { field: "", message: title }; }) });
      return;
    }
    var body = own ? own.values(form) : kind === "spadi" ? spadiValues(form) : plainValues(form);
    if (kind === "spadi" && body.answers.every(function (a) { return a === null; })) {
      showErrors(form, { message: form.getAttribute("data-unanswered") });
      return;
    }
    if (parts[0] === "DELETE") { body = undefined; }
    var wrap = form.getAttribute("data-wrap");
    if (wrap && body !== undefined) { var wrapped = {}; wrapped[wrap] = body; body = wrapped; }
    var errors = form.querySelector("[data-errors]");
    if (errors) { errors.hidden = true; }
    if (form.getAttribute("data-busy")) { return; }  /* a double tap saves once */
    var button = form.querySelector('button[type="submit"]');
    form.setAttribute("data-busy", "1");
    if (button) { button.disabled = true; }
    api(parts[0], parts[1], body).then(function (result) {
      var done = form.getAttribute("data-done");
      if (form.hasAttribute("data-reload")) {
        if (done) {
          var values = Object.assign({}, result || {}, (result && result.entry) || {});
          try { sessionStorage.setItem(SAVED, fmt(done, values)); } catch (e) { /* private mode */ }
        }
        window.location.reload();
        return;
      }
      form.removeAttribute("data-busy");
      if (button) { button.disabled = false; }
      if (form.getAttribute("data-redirect")) { window.location.assign(form.getAttribute("data-redirect")); return; }
      if (own) { own.show(form, result); return; }
      var status = form.querySelector("[data-status]");
      if (status) { status.textContent = form.getAttribute("data-done") || ""; }
    }).catch(function (error) {
      form.removeAttribute("data-busy");
      if (button) { button.disabled = false; }
      showErrors(form, error.body || { message: T.offline });
    });
  });

  (function sayWhatWasSaved() {
    var text = null;
    try { text = sessionStorage.getItem(SAVED); sessionStorage.removeItem(SAVED); } catch (e) { return; }
    var box = document.getElementById("saved");
    if (text && box) { box.textContent = text; box.hidden = false; }
  })();

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var url = form.getAttribute("data-upload");
    if (!url) { return; }
    event.preventDefault();
    var file = form.querySelector('input[type="file"]').files[0];
    if (!file) { return; }
    var type = /\.csv$/i.test(file.name) ? "text/csv" : "application/json";
    var status = form.querySelector("[data-status]");
    var errors = form.querySelector("[data-errors]");
    if (errors) { errors.hidden = true; }
    file.arrayBuffer().then(function (data) {
      return fetch(url, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "Content-Type": type, "X-CSRF-Token": token(), "X-File-Name": encodeURIComponent(file.name) },
      });
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { showErrors(form, body); return; }
        var added = Object.keys(body.added || {}).reduce(function (n, k) { return n + body.added[k]; }, 0);
        status.textContent = fmt(T.imported, { added: added, already: body.already });
      });
    }).catch(function () { showErrors(form, { message: T.offline }); });
  });

  /* An Edit button opens the form it controls (and puts the cursor in it), or closes it. */
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-toggle]");
    if (!button) { return; }
    var target = document.getElementById(button.getAttribute("data-toggle"));
    if (!target) { return; }
    var open = target.hidden;
    target.hidden = !open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    var field = open && target.querySelector("input");
    if (field) { field.focus(); field.select(); }
  });

})();
