/* unknot: plan a personal trial — check the design first, then commit exactly that design. */
(function () {
  "use strict";
  var plan = document.getElementById("trial-plan");
  if (!plan) { return; }
  var check = document.getElementById("check");
  var commit = document.getElementById("trial-commit");
  var status = document.getElementById("check-status");
  var checked = null; // the design the shown check is for
  var start = plan.elements.start;

  function design() {
    var f = plan.elements;
    var body = {
      arm_a: f.arm_a.value, arm_b: f.arm_b.value,
      period: Number(plan.querySelector('input[name="period"]:checked').value),
      pairs: Number(f.pairs.value), baseline: f.baseline.checked,
      run_in: f.run_in.value === "" ? 0 : Number(f.run_in.value),
      mcid: f.mcid.value === "" ? 2 : Number(f.mcid.value),
      trend: f.trend.checked, threshold: Number(f.threshold.value),
    };
    return body;
  }

  function fill(id, lines) {
    var ul = document.getElementById(id);
    ul.textContent = "";
    lines.forEach(function (line) {
      var li = document.createElement("li");
      li.textContent = line;
      ul.appendChild(li);
    });
  }

  function problem(form, error) {
    var box = form.querySelector("[data-errors]");
    var body = error.body || { message: "", field_errors: [] };  // unknotApi gives a body
    box.textContent = "";
    var p = document.createElement("p");
    p.textContent = body.message + (body.hint ? " " + body.hint : "");
    box.appendChild(p);
    (body.field_errors || []).forEach(function (f) {
      var q = document.createElement("p");
      q.textContent = (f.field ? f.field + ": " : "") + f.message;
      box.appendChild(q);
    });
    box.hidden = false;
    box.setAttribute("tabindex", "-1");
    box.focus();
  }

  plan.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = plan.querySelector('button[type="submit"]');
    plan.querySelector("[data-errors]").hidden = true;
    var body = design();
    button.disabled = true;
    status.textContent = "…";
    window.unknotApi("POST", "/api/v1/trial/check", body).then(function (result) {
      checked = JSON.stringify(body);
      fill("check-design", result.design_lines);
      document.getElementById("check-noise").textContent = result.noise_line;
      document.getElementById("check-sims").textContent = result.sims_line;
      fill("check-lines", result.scenario_lines);
      var verdict = document.getElementById("check-verdict");
      verdict.textContent = result.verdict;
      verdict.className = result.check.weak ? "big warn-text" : "big";
      check.hidden = false;
      status.textContent = result.verdict;
      check.focus();
    }).catch(function (error) {
      status.textContent = "";
      problem(plan, error);
    }).finally(function () { button.disabled = false; });
  });

  plan.addEventListener("change", function () {
    // A different design needs its own check before it can be started.
    if (checked !== null && checked !== JSON.stringify(design())) {
      check.hidden = true;
      checked = null;
    }
  });

  commit.addEventListener("submit", function (event) {
    event.preventDefault();
    commit.querySelector("[data-errors]").hidden = true;
    var answer = commit.querySelector('input[name="assessed_by_clinician"]:checked');
    if (!answer) {
      problem(commit, { body: { message: commit.querySelector("legend").textContent, field_errors: [] } });
      return;
    }
    var body = design();
    if (JSON.stringify(body) !== checked) { check.hidden = true; return; }
    body.assessed_by_clinician = answer.value === "yes";
    if (start.value) { body.start = start.value; }
    var button = commit.querySelector('button[type="submit"]');
    button.disabled = true;
    window.unknotApi("POST", "/api/v1/trial", body).then(function () {
      window.location.assign("/trial");
    }).catch(function (error) {
      button.disabled = false;
      problem(commit, error);
    });
  });
})();
