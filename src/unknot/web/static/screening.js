/* unknot: the safety screening's form. Loaded by the screening page only, so the player page
   carries none of it; app.js sends the form with what this registers. */
(function () {
  "use strict";
  function screeningValues(form) {
    var answers = {};
    var checked = [];
    var hip = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name.indexOf("q:") === 0) { answers[el.name.slice(2)] = el.checked; }
      if (el.name.indexOf("hip:") === 0) {
        hip[el.name.slice(4)] = el.type === "checkbox" ? el.checked : el.value;
      }
    });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name.indexOf("c:") === 0 && el.checked) {
        answers[el.name.slice(2)] = true;  // "yes, and a clinician has checked it"
        checked.push(el.name.slice(2));
      }
    });
    var body = { answers: answers, checked: checked };
    if (answers.hip_surgery && hip.operated_on) { body.hip_surgery = hip; }
    if (form.elements.country && form.elements.country.value) {
      body.country = form.elements.country.value;
    }
    return body;
  }

  // Each short list needs an answer: something ticked, or "None of these" (so that one
  // untouched page never counts as a "no" to every question).
  function unansweredGroups(form) {
    var missing = [];
    form.querySelectorAll("fieldset[data-group]").forEach(function (set) {
      var any = set.querySelector('input[type="checkbox"]:checked');
      if (!any) { missing.push(set.querySelector("legend").textContent.trim()); }
    });
    return missing;
  }

  function addItems(out, title, items) {
    if (!items.length) { return; }
    var p = document.createElement("p");
    p.className = "label";
    p.textContent = title;
    out.appendChild(p);
    var ul = document.createElement("ul");
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item.text;
      ul.appendChild(li);
    });
    out.appendChild(ul);
  }

  function showScreening(form, result) {
    var out = form.querySelector("[data-status]");
    out.textContent = "";
    var h = document.createElement("h2");
    h.textContent = result.headline;
    out.appendChild(h);
    var urgent = result.tier === "emergency" || result.tier === "same_day";
    out.className = "result notice " + (urgent ? "danger" : result.tier === "soon" ? "warn" : "");
    addItems(out, out.getAttribute("data-why"), result.reasons.concat(result.checked));
    var next = document.createElement("p");
    next.className = "big";
    next.textContent = out.getAttribute("data-next") + " " + result.advice;
    out.appendChild(next);
    result.calls.forEach(function (call) {
      var p = document.createElement("p");
      var a = document.createElement("a");
      a.className = "button call";
      a.href = call.href;
      a.textContent = call.label;
      p.appendChild(a);
      out.appendChild(p);
    });
    addItems(out, out.getAttribute("data-changes"), result.changes);
    out.setAttribute("tabindex", "-1");
    out.focus();
  }

  window.unknotKinds = window.unknotKinds || {};
  window.unknotKinds.screening = { missing: unansweredGroups, values: screeningValues, show: showScreening };

  document.addEventListener("change", function (event) {
    var name = event.target.name || "";
    var set = event.target.closest ? event.target.closest("fieldset[data-group]") : null;
    if (set && event.target.checked) {
      // "None of these" and a ticked question exclude each other within one list.
      var none = name.indexOf("none:") === 0;
      set.querySelectorAll('input[type="checkbox"]').forEach(function (box) {
        var isNone = box.name.indexOf("none:") === 0;
        if (box !== event.target && (none ? !isNone : isNone)) { box.checked = false; }
      });
      if (name.indexOf("c:") === 0) {
        var q = set.querySelector('input[name="q:' + name.slice(2) + '"]');
        if (q) { q.checked = true; }
      }
    }
    if (name === "q:hip_surgery") {
      var hip = document.querySelector("[data-hip]");
      if (hip) { hip.hidden = !event.target.checked; }
    }
  });
})();
