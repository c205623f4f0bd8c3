/* unknot browser player (issue 6). Plays the plan JSON the core compiled: no timings or
   adaptations are computed here. The state machine mirrors unknot.core.player: "active time" is
   seconds since the start minus every pause, each step's start is an active-time instant, and
   deadlines are fixed offsets from it, recomputed from performance.now() (never counted ticks). */
(function () {
  "use strict";
  var root = document.getElementById("player");
  if (!root || !document.getElementById("play")) { return; }
  function $(id) { return document.getElementById(id); }
  var T = JSON.parse($("player-text").textContent);
  if ("scrollRestoration" in history) { history.scrollRestoration = "manual"; }
  var CURRENT = "unknot.player.current", QUEUE = "unknot.player.queue";
  var STALE_MS = 2 * 3600 * 1000;
  var FREQ = { next: 660, start: 880, halfway: 740, last_seconds: 988, switch_sides: 784,
    rest: 587, finish: 523 };
  var log = window.unknotPlayerLog = { steps: [], beeps: [], cues: [], start: null };

  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  function r3(x) { return Math.round(x * 1000) / 1000; }

  /* ---- the state machine (unknot.core.player) ---- */
  var P = null;

  function newPlayer(plan, before) {
    return { steps: plan.steps, rules: plan.stop_rules, before: before, state: "ready",
      index: 0, base: 0, since: 0, stepStart: 0, cuesDone: 0, records: [], stops: [],
      ratings: [], endReason: "", endAdvice: "", keepOnly: null,
      check: null, checkSince: 0, checkNext: null };
  }
  function isOver() { return P.state === "finished" || P.state === "stopped" || P.state === "quit"; }
  /* Resting after numbness or tingling, then asked whether it settled: Player.check. */
  function checking() { return P.state === "resting" || P.state === "asking"; }
  function live() { return P.state === "running" || checking(); }
  function checkLeft(now) {
    if (!checking()) { return 0; }
    var length = P.state === "resting" ? P.check.rest_s : P.check.answer_s;
    return Math.max(0, P.checkSince / 1000 + length - now / 1000);
  }
  function active(now) {
    return P.state === "running" ? P.base + Math.max(0, (now - P.since) / 1000) : P.base;
  }
  function current() { return P.index >= 0 && P.index < P.steps.length ? P.steps[P.index] : null; }
  function deadline() { var s = current(); return P.stepStart + (s ? s.duration_s : 0); }
  function plannedElapsed(now) {
    var s = current();
    if (!s) { return P.steps.length ? P.steps[P.steps.length - 1].start_s + P.steps[P.steps.length - 1].duration_s : 0; }
    return s.start_s + Math.min(s.duration_s, active(now) - P.stepStart);
  }
  function nextWakeup(now) {
    if (checking()) { return checkLeft(now); }
    var s = current();
    if (P.state !== "running" || !s) { return 0.25; }
    var soonest = deadline();
    for (var i = P.cuesDone; i < s.cues.length; i++) {
      soonest = Math.min(soonest, P.stepStart + s.cues[i].at_s);
    }
    return Math.max(0, soonest - active(now));
  }
  /* keepOnly (an action's keep_only): steps without that tag are left out. */
  function dropped(step) { return Boolean(P.keepOnly) && !step[P.keepOnly]; }
  function begin(index, at) {
    var events = [];
    P.stepStart = at;
    while (index < P.steps.length && dropped(P.steps[index])) {
      events.push(record(P.steps[index], 0, "left_out"));
      index += 1;
    }
    if (index >= P.steps.length) { return events.concat(finish(at)); }
    P.index = index; P.cuesDone = 0;
    return events.concat([{ type: "step", index: index }]);
  }
  function finish(at) {
    P.index = P.steps.length; P.base = at; P.state = "finished";
    return [{ type: "end", state: "finished", reason: "" }];
  }
  function record(step, actual, outcome) {
    var rec = { index: step.index, technique: step.technique, side: step.side,
      target_s: step.duration_s, actual_s: r3(Math.max(0, actual)), outcome: outcome,
      started_at_s: r3(P.stepStart) };
    P.records.push(rec);
    return { type: "ended", record: rec };
  }
  function tickCheck(now) {
    var events = [];
    if (P.state === "resting" && now >= P.checkSince + P.check.rest_s * 1000) {
      P.checkSince += P.check.rest_s * 1000; P.state = "asking";
      events.push({ type: "check", phase: "ask" });
    }
    if (P.state === "asking" && now >= P.checkSince + P.check.answer_s * 1000) {
      events = events.concat(notSettled());
    }
    return events;
  }
  function tick(now) {
    if (checking()) { return tickCheck(now); }
    var events = [];
    while (P.state === "running" && current()) {
      var step = current(), a = active(now);
      while (P.cuesDone < step.cues.length) {
        var cue = step.cues[P.cuesDone], due = P.stepStart + cue.at_s;
        if (due > a || cue.at_s >= step.duration_s) { break; }
        events.push({ type: "cue", index: P.index, cue: cue, due: due });
        P.cuesDone += 1;
      }
      var end = deadline();
      if (a < end) { break; }
      for (var i = P.cuesDone; i < step.cues.length; i++) {
        events.push({ type: "cue", index: P.index, cue: step.cues[i], due: P.stepStart + step.cues[i].at_s });
      }
      P.cuesDone = step.cues.length;
      events.push(record(step, step.duration_s, "completed"));
      if (P.index + 1 >= P.steps.length) { events = events.concat(finish(end)); break; }
      events = events.concat(begin(P.index + 1, end));
    }
    return events;
  }
  function start(now) { P.since = now; P.state = "running"; return begin(0, 0).concat(tick(now)); }
  function pause(now) {
    var events = tick(now);
    if (P.state === "running") { P.base = active(now); P.state = "paused"; }
    return events;
  }
  function resume(now) { P.since = now; P.state = "running"; return tick(now); }
  function leave(now, outcome, target) {
    var events = tick(now);
    if (isOver()) { return events; }
    if (checking()) { return events; }
    var a = active(now);
    events.push(record(current(), a - P.stepStart, outcome));
    if (target >= P.steps.length) { return events.concat(finish(a)); }
    return events.concat(begin(target, a));
  }
  function end(now, state, outcome, reason) {
    var events = tick(now);
    if (isOver()) { return events; }
    var a = P.base;
    if (!checking()) { a = active(now); events.push(record(current(), a - P.stepStart, outcome)); }
    P.base = a; P.state = state; P.endReason = reason; P.check = null;
    return events.concat([{ type: "end", state: state, reason: reason }]);
  }
  function nextTechniqueStart(index) {
    var tech = P.steps[index].technique;
    for (var i = index + 1; i < P.steps.length; i++) {
      if (P.steps[i].technique !== tech && P.steps[i].kind === "prepare") { return i; }
    }
    return null;
  }
  /* ---- the plan's stop rules (docs/plan.schema.json) ---- */
  var TESTS = {  /* b: pain before or null, v: now */
    rise_at_least: function (n, b, v) { return b !== null && v - b >= n; },
    above: function (n, b, v) { return v > n; },
    before_at_most: function (n, b, v) { return b === null || b <= n; },
  };
  function holds(rule, b, v) {
    return Object.keys(rule.when).every(function (k) { return TESTS[k](rule.when[k], b, v); });
  }
  /* The first "decide" rule that holds decides; each "also" one that holds adds. */
  function painDecision(rules, b, v) {
    var first = rules.pain.decide.filter(function (r) { return holds(r, b, v); })[0];
    var d = { action: first.action, rule: first.rule_id, reason: first.reason, also: [] };
    rules.pain.also.forEach(function (r) {
      if (holds(r, b, v)) { d.reason += " " + r.reason; d.also.push(r.action); }
    });
    return d;
  }
  function sessionDecision(rules, id) {
    var r = rules.session_rules[id];
    return { action: r.action, rule: id, reason: r.reason, advice: r.advice };
  }
  /* A symptom with "again" reported a second time stops the session by that rule. */
  function symptomDecision(rules, id, earlier) {
    var s = rules.symptoms.filter(function (x) { return x.id === id; })[0];
    if (s.again && earlier.indexOf(s.rule_id) !== -1) { return sessionDecision(rules, s.again); }
    return { action: s.action, rule: s.rule_id, reason: s.reason, advice: s.advice || "",
      recheck: s.recheck || null };
  }
  function effect(a) { return a ? P.rules.actions[a] : null; }
  log.rules = { pain: painDecision, symptom: symptomDecision, session: sessionDecision };
  function reportSymptom(now, decision) {
    var events = tick(now);  /* a check may have run out first: Player.report_symptom */
    return isOver() ? events : events.concat(applyStop(now, decision));
  }
  function applyStop(now, decision) {
    var does = effect(decision.action);
    if (!does || does.ends === "nothing") { return []; }
    recordStop(decision, decision.action, active(now));
    if (does.ends === "session" && !does.leave_out_later) { return end(now, "stopped", "stopped", decision.reason); }
    var events = tick(now);
    if (isOver()) { return events; }
    if (does.ends === "session") { return events.concat(stopSession(now, decision)); }
    if (checking()) { return events; }  /* already stopped, resting */
    var a = active(now);
    events.push(record(current(), a - P.stepStart, "stopped"));
    if (decision.recheck) {
      P.base = a; P.checkNext = nextTechniqueStart(P.index); P.check = decision.recheck;
      P.checkSince = now; P.state = "resting";
      return events.concat([{ type: "check", phase: "rest" }]);
    }
    var following = nextTechniqueStart(P.index);
    return events.concat(following === null ? finish(a) : begin(following, a));
  }
  /* Stop the session: this step stopped, every later one left out. */
  function stopSession(now, decision) {
    var events = [], a = P.base;
    if (!checking()) { a = active(now); events.push(record(current(), a - P.stepStart, "stopped")); }
    return events.concat(leaveRestOut(a, decision));
  }
  function leaveRestOut(a, decision) {
    var events = [];
    P.stepStart = a;
    for (var i = P.index + 1; i < P.steps.length; i++) { events.push(record(P.steps[i], 0, "left_out")); }
    P.index = P.steps.length; P.base = a; P.state = "stopped"; P.check = null;
    P.endReason = decision.reason; P.endAdvice = decision.advice || "";
    return events.concat([{ type: "end", state: "stopped", reason: decision.reason }]);
  }
  function notSettled() {
    var decision = sessionDecision(P.rules, P.check.not_settled);
    recordStop(decision, decision.action, P.base);
    return leaveRestOut(P.base, decision);
  }
  /* One stop event, as core.player.Player._record_stop keeps it. */
  function recordStop(decision, action, at) {
    var step = current();
    P.stops.push({ step_index: P.index, technique: step ? step.technique : null,
      rule: decision.rule, action: action, reason: decision.reason, at_s: r3(at) });
  }
  function answerCheck(now, settled) {
    var events = tick(now);
    if (P.state !== "asking") { return events; }
    if (!settled) { return events.concat(notSettled()); }
    var next = P.checkNext;
    P.check = null; P.state = "running"; P.since = now;
    return events.concat(next === null ? finish(P.base) : begin(next, P.base));
  }
  function quitNow(now) {
    if (!checking()) { return end(now, "quit", "quit", T.quit_reason); }
    var events = tick(now);
    return checking() ? events.concat(notSettled()) : events;
  }
  function reportPain(now, value) {
    var decision = painDecision(P.rules, P.before, value), step = current();
    P.ratings.push({ value: value, context: "during", step_index: P.index,
      technique: step ? step.technique : null, at_s: r3(active(now)) });
    [decision.action].concat(decision.also).forEach(function (action) {
      var does = effect(action);  /* before the stop moves on */
      if (does && does.keep_only) { P.keepOnly = does.keep_only; }
    });
    var events = applyStop(now, decision), after = current();
    if (!isOver() && after && dropped(after)) {
      events = events.concat(leave(now, "stopped", P.index + 1));
    }
    return { decision: decision, events: events };
  }

  /* ---- sound, voice, screen ---- */
  var audio = null, scheduled = {}, voices = false;

  function audioNowAt(now) {
    var ts = audio.getOutputTimestamp ? audio.getOutputTimestamp() : null;
    if (ts && ts.performanceTime) { return ts.contextTime + (now - ts.performanceTime) / 1000; }
    return audio.currentTime;
  }
  function beep(at, kind) {
    at = Math.max(0, at);  // an audio clock just started can map "now" a little below zero
    var osc = audio.createOscillator(), gain = audio.createGain();
    osc.frequency.value = FREQ[kind] || 880;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.35, at + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.2);
    osc.connect(gain); gain.connect(audio.destination);
    osc.start(at); osc.stop(at + 0.22);
    return osc;
  }
  /* Beeps of this step and the next, ahead of time on the audio clock. The audio time of an
     active-time instant is fixed once per run (Start or Resume), so every beep of a run keeps
     the plan's exact spacing on the audio clock, whatever the jitter of reading two clocks. */
  var anchor = null;
  function scheduleBeeps() {
    if (!audio || P.state !== "running" || !current()) { return; }
    var now = performance.now(), a = active(now);
    if (!anchor) { anchor = { audio: audioNowAt(now), active: a }; }
    var starts = [P.stepStart, deadline()];
    [P.index, P.index + 1].forEach(function (i, k) {
      var step = P.steps[i];
      if (!step) { return; }
      step.cues.forEach(function (cue, j) {
        var key = i + ":" + j, at = starts[k] + cue.at_s;
        if (scheduled[key] || at < a - 0.02) { return; }
        var t = anchor.audio + (at - anchor.active);
        scheduled[key] = { osc: beep(t, cue.kind), t: Math.max(0, t) };
        log.beeps.push({ step: i, cue: j, active_s: at, planned_s: step.start_s + cue.at_s, audio_t: Math.max(0, t) });
      });
    });
  }
  function cancelBeeps() {
    var t = audio ? audio.currentTime : 0;
    Object.keys(scheduled).forEach(function (key) {
      if (scheduled[key].t > t) { try { scheduled[key].osc.stop(); } catch (e) { /* ended */ } }
    });
    scheduled = {};
  }
  /* Called on the first taps (quick check, pain before) and on Start: the audio clock has
     settled by the time the session starts, so its first reading is a good anchor. */
  var unlocked = false;
  function unlockSound() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (Ctx && !audio) { try { audio = new Ctx({ latencyHint: "interactive" }); } catch (e) { audio = null; } }
    if (audio && audio.state === "suspended") { audio.resume(); }
    if (unlocked) { return; }
    unlocked = true;
    if ("speechSynthesis" in window) {
      speechSynthesis.speak(new SpeechSynthesisUtterance(""));
      checkVoices();
      speechSynthesis.addEventListener("voiceschanged", checkVoices);
    }
    setTimeout(function () { $("voice-note").hidden = voices; }, 1500);
  }
  function checkVoices() {
    voices = "speechSynthesis" in window && speechSynthesis.getVoices().length > 0;
    if (voices) { $("voice-note").hidden = true; }
  }
  function speak(text) {
    if (!voices) { return; }
    var u = new SpeechSynthesisUtterance(text);
    u.lang = sess.plan.language;
    speechSynthesis.speak(u);
  }
  function announce(text) {
    var live = $("announce");
    live.textContent = "";
    setTimeout(function () { live.textContent = text; }, 30);
  }
  var lock = null;
  function wake() {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") { return; }
    navigator.wakeLock.request("screen").then(function (l) { lock = l; }).catch(function () { lock = null; });
  }
  function sleep() { if (lock) { lock.release().catch(function () {}); lock = null; } }

  /* ---- the session being saved ---- */
  var sess = null, rateFor = null;

  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function statusOf() { return isOver() ? P.state : "running"; }
  function body() {
    return { plan: sess.plan, started_at: sess.started_at, ended_at: sess.ended_at,
      status: sess.status || statusOf(), end_reason: P.endReason, pain_before: P.before,
      pain_after: sess.pain_after, steps: P.records, stops: P.stops, ratings: P.ratings };
  }
  function saveLocal() {
    if (!sess) { return; }
    var snap = { state: P.state, index: P.index, base: r3(active(performance.now())),
      stepStart: P.stepStart, cuesDone: P.cuesDone, records: P.records, stops: P.stops,
      ratings: P.ratings, endReason: P.endReason, keepOnly: P.keepOnly, before: P.before,
      rateFor: rateFor, check: P.check, checkNext: P.checkNext };
    try {
      localStorage.setItem(CURRENT, JSON.stringify({ session: sess, player: snap, saved: Date.now() }));
    } catch (e) { /* storage full or blocked: the server copy still goes out */ }
  }
  function readJson(key) { try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; } }
  function token() { var m = document.querySelector('meta[name="csrf-token"]'); return m ? m.content : ""; }
  function saveState(text) { var el = $("save-state"); if (el) { el.textContent = text; } }

  var sending = false;
  function upload() {
    if (!sess) { return; }
    var queue = readJson(QUEUE) || {};
    queue[sess.id] = body();
    try { localStorage.setItem(QUEUE, JSON.stringify(queue)); } catch (e) { /* see flush */ }
    flush();
  }
  function flush() {
    if (sending) { setTimeout(flush, 250); return; }
    var queue = readJson(QUEUE) || {}, ids = Object.keys(queue);
    if (!ids.length) { return; }
    var id = ids[0], text = JSON.stringify(queue[id]);
    sending = true;
    fetch("/api/v1/sessions/" + id, {
      method: "PUT", body: text, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token() },
    }).then(function (response) {
      sending = false;
      var permanent = response.status === 422 || response.status === 404 || response.status === 409;
      var now = readJson(QUEUE) || {}, latest = JSON.stringify(now[id]) === text;
      if ((response.ok || permanent) && latest) { delete now[id]; localStorage.setItem(QUEUE, JSON.stringify(now)); }
      if (response.ok) {
        log.saved = (log.saved || 0) + 1;
        /* "saved" only once the body the server has is the session's latest */
        if (latest && sess && sess.id === id && sess.status) { saveState(T.saved); }
      } else if (permanent) {
        response.json().then(function (b) { saveState(fmt(T.refused, { message: b.message })); });
      }
      if (response.ok || permanent) { flush(); }
    }).catch(function () {
      sending = false;
      if (sess && sess.id === id && sess.status) { saveState(T.queued); }
      setTimeout(flush, 15000);  /* "online" does not always fire: try again anyway */
    });
  }
  window.addEventListener("online", flush);

  /* ---- the face ---- */
  var timer = null, worker = null, lastLocal = 0, shown = "";

  function clockText(seconds) {
    var s = Math.max(0, Math.ceil(seconds - 1e-6));
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }
  /* Times as the server writes them for this person (CLDR's short time: en-GB 09:30, en-US
     9:30 PM), not as the phone's own language would; without a known locale, 24-hour 09:30. */
  function timeAt(ms) {
    var d = new Date(ms), clock = root.getAttribute("data-clock");
    if (clock) { return d.toLocaleTimeString(clock, { timeStyle: "short" }); }
    return String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
  }
  function renderClock(now) {
    if (checking()) { $("recheck-clock").textContent = clockText(checkLeft(now)); return; }
    if (!current()) { return; }
    var text = clockText(deadline() - active(now));
    if (text !== shown) { $("clock").textContent = text; shown = text; }
    $("progress").value = sess.plan.total_s ? plannedElapsed(now) / sess.plan.total_s : 1;
  }
  function renderStep(index) {
    var step = P.steps[index], now = performance.now();
    $("step-title").textContent = step.title;
    $("step-count").textContent = fmt(T.step, { n: index + 1, total: P.steps.length });
    var list = $("instructions");
    list.textContent = "";
    step.instructions.forEach(function (line) {
      var li = document.createElement("li"); li.textContent = line; list.appendChild(li);
    });
    /* A get-ready step's title already says what comes; after a work step, the next line names
       the technique itself, not its get-ready ("Next: Next: ..."). */
    var nextStep = P.steps[index + 1], k = index + 1;
    while (nextStep && nextStep.kind === "prepare") { nextStep = P.steps[++k]; }
    $("next").hidden = step.kind === "prepare";
    $("next").textContent = nextStep ? fmt(T.next, { title: nextStep.title }) : T.last;
    var drawingName = step.illustration || lastDrawing(index);
    Array.prototype.forEach.call($("figure").children, function (el) {
      el.hidden = el.getAttribute("data-drawing") !== drawingName;
    });
    renderEnd(now);
    shown = "";
    renderClock(now);
    if (step.kind === "work" && step.rep === 1) { showRate(null); }
    log.steps.push({ index: index, t: performance.now(), active_s: P.stepStart, planned_s: step.start_s,
      hidden: document.hidden, audio_now: audio ? audioNowAt(now) : null });
  }
  function lastDrawing(index) {
    for (var i = index; i >= 0; i--) { if (P.steps[i].illustration) { return P.steps[i].illustration; } }
    return "";
  }
  function renderEnd(now) {
    var left = sess.plan.total_s - plannedElapsed(now);
    $("ends").textContent = fmt(T.ends, { time: timeAt(Date.now() + left * 1000) });
  }
  function showRate(technique) {
    rateFor = technique;
    $("rate").hidden = technique === null;
  }
  function message(text) { var m = $("message"); m.textContent = text; m.hidden = !text; }

  function handle(events) {
    var changed = false;
    events.forEach(function (ev) {
      if (ev.type === "step") { renderStep(ev.index); scheduleBeeps(); changed = true; }
      else if (ev.type === "cue") {
        log.cues.push({ step: ev.index, kind: ev.cue.kind, due: ev.due, t: performance.now() });
        speak(ev.cue.text);
        announce(ev.index === P.index && ev.cue.at_s === 0 ? P.steps[ev.index].title + ". " + ev.cue.text : ev.cue.text);
      } else if (ev.type === "ended") {
        var step = P.steps[ev.record.index];
        if (step.rate_after && ev.record.outcome === "completed" && step.technique) { showRate(step.technique); }
        changed = true;
      } else if (ev.type === "end") { ended(ev); changed = true; }
      else if (ev.type === "check") { showCheck(ev.phase); changed = true; }
    });
    if (changed) { saveLocal(); upload(); }
  }
  function loop() {
    if (!P || !live()) { return; }
    var now = performance.now();
    handle(tick(now));
    if (!live()) { return; }
    renderClock(now);
    var rem = checking() ? checkLeft(now) : deadline() - active(now), toSecond = rem - Math.floor(rem);
    var ms = Math.max(1, Math.min(nextWakeup(now), toSecond || 1) * 1000 + 2);
    clearTimeout(timer);
    timer = setTimeout(loop, ms);
    if (worker) { worker.postMessage(ms); }
    if (Date.now() - lastLocal > 5000) { lastLocal = Date.now(); saveLocal(); }
  }
  function act(fn) {
    if (!P || isOver()) { return; }
    cancelBeeps();
    handle(fn(performance.now()));
    afterChange();
  }
  function afterChange() {
    var paused = P.state === "paused";
    if (P.state !== "running") { anchor = null; }
    $("pause").textContent = paused ? T.resume : T.pause;
    $("paused").hidden = !paused;
    ["pause", "back", "skip", "pain"].forEach(function (id) { $(id).disabled = checking(); });
    var step = current();
    $("clock").hidden = checking(); $("next").hidden = checking() || (step && step.kind === "prepare");
    if (!checking()) { $("recheck").hidden = true; }
    if (P.state === "running") { scheduleBeeps(); }
    if (live()) { loop(); }
    saveLocal();
  }
  /* The rest after numbness or tingling, then its question (with the time left to answer). */
  function showCheck(phase) {
    var asking = phase === "ask", text = asking ? P.check.question : P.check.rest;
    $("recheck-h").textContent = asking ? T.check_ask : T.check_rest;
    $("recheck-text").textContent = text;
    $("recheck-answers").hidden = !asking;
    $("recheck").hidden = false;
    message("");
    speak(text); announce(text);
    if (asking) { $("recheck-yes").focus(); }
  }
  function answer(settled) {
    if (!P || P.state !== "asking") { return; }
    var words = P.check.settled;
    act(function (now) { return answerCheck(now, settled); });
    if (P.state === "running") { message(words); speak(words); }
  }
  function togglePause() {
    if (!P || isOver() || checking()) { return; }
    if (P.state === "paused") { act(resume); wake(); } else { act(pause); announce(T.paused); }
  }

  function ended(ev) {
    clearTimeout(timer);
    if (worker) { worker.postMessage(-1); }
    cancelBeeps();
    sleep();
    sess.status = ev.state;
    sess.ended_at = new Date().toISOString();
    closeDialogs();
    $("play").hidden = true;
    document.body.classList.remove("playing");
    var emergency = P.stops.some(function (s) { return effect(s.action).emergency_screen; });
    $("recheck").hidden = true;
    if (emergency) {
      $("emergency-text").textContent = ev.reason;
      $("emergency").hidden = false;
      $("emergency-h").focus();
      speak(ev.reason);
      announce(ev.reason);
    } else {
      var stopped = P.stops.some(function (s) { return effect(s.action).ends === "technique"; });
      var title = ev.state === "finished" ? (stopped ? T.complete_stops : T.complete)
        : ev.state === "stopped" ? (P.endAdvice ? T.ended_today : T.ended_stop) : T.ended;
      if (P.keepOnly) { title += " " + T.gentle_only; }
      $("done-h").textContent = title;
      var words = P.endAdvice ? P.endReason + " " + P.endAdvice : "";
      $("done-text").textContent = words;
      $("same-day").hidden = !P.endAdvice || !$("same-day-call");
      $("done").hidden = false;
      $("done-h").focus();
      announce(words ? title + " " + words : title);
      if (words) { speak(words); }
    }
    saveLocal();
    localStorage.removeItem(CURRENT);
  }

  function begin_session(plan, before) {
    sess = { id: newId(), plan: plan, started_at: new Date().toISOString(), ended_at: null,
      status: null, pain_after: null };
    P = newPlayer(plan, before);
    enterPlay();
    var now = performance.now();
    log.start = { perf: now, audio_state: audio ? audio.state : "none" };
    handle(start(now));
    log.start.audio = anchor ? anchor.audio - anchor.active : null;  // audio time of active 0
    afterChange();
  }
  function enterPlay() {
    buildSymptoms();
    $("pre").hidden = true;
    $("resume").hidden = true;
    $("remind").hidden = true;
    $("play").hidden = false;
    document.body.classList.add("playing");
    $("step-title").focus();
    if (window.Worker && !worker) {
      try { worker = new Worker("/static/player-tick.js"); worker.onmessage = loop; } catch (e) { worker = null; }
    }
    wake();
  }

  /* ---- resume after a reload or a closed tab ---- */
  function restore(saved) {
    sess = saved.session;
    var snap = saved.player;
    P = newPlayer(sess.plan, snap.before);
    ["index", "base", "stepStart", "cuesDone", "records", "stops", "ratings", "endReason", "keepOnly"].forEach(function (k) { P[k] = snap[k]; });
    P.state = "paused";
    if (snap.check) {  /* reloaded during a rest: the rest starts again when resumed */
      P.check = snap.check; P.checkNext = snap.checkNext === undefined ? null : snap.checkNext;
      P.state = "resting";
    }
    rateFor = snap.rateFor || null;
  }
  function offerResume() {
    var saved = readJson(CURRENT);
    if (!saved || !saved.session || saved.session.status) { return; }
    restore(saved);
    /* Too old, or an older page's plan: kept as partial. */
    if (Date.now() - saved.saved > STALE_MS || !sess.plan.stop_rules.actions) {
      endPartial(saved.saved);
      $("resume-text").textContent = T.old_partial;
      $("resume").hidden = false;
      $("resume-go").hidden = true; $("resume-end").hidden = true;
      return;
    }
    var step = P.steps[P.index];
    var ago = Math.round((Date.now() - saved.saved) / 60000);
    $("resume-text").textContent = fmt(ago < 1 ? T.resume_now : T.resume_text, { n: P.index + 1, total: P.steps.length,
      title: step ? step.title : "", ago: ago });
    $("resume").hidden = false;
    $("pre").hidden = true;
    $("resume").scrollIntoView();  /* not where the page was scrolled before the reload */
  }
  function endPartial(when) {
    P.endReason = T.not_resumed;
    sess.status = "partial";
    sess.ended_at = new Date(when || Date.now()).toISOString();
    upload();
    localStorage.removeItem(CURRENT);
  }

  /* ---- controls ---- */
  function scale(container, onPick) {
    for (var n = 0; n <= 10; n++) {
      var b = document.createElement("button");
      b.type = "button"; b.textContent = String(n); b.setAttribute("data-v", String(n));
      b.setAttribute("aria-pressed", "false");
      container.appendChild(b);
    }
    container.addEventListener("click", function (event) {
      var b = event.target.closest("button[data-v]");
      if (!b) { return; }
      container.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", String(x === b)); });
      onPick(Number(b.getAttribute("data-v")));
    });
  }
  var plan = null, before = null;
  function loadPlan() {
    var url = "/api/v1/plan?pain=" + before + (root.getAttribute("data-routine") ? "&routine=" + encodeURIComponent(root.getAttribute("data-routine")) : "");
    $("start").disabled = true;
    fetch(url, { credentials: "same-origin" }).then(function (r) {
      return r.json().then(function (b) { if (!r.ok) { throw new Error(b.message); } return b; });
    }).then(function (loaded) {
      plan = loaded;
      $("plan-line").textContent = fmt(T.plan, { routine: plan.routine.name, minutes: Math.round(plan.total_s / 60),
        steps: plan.steps.length, time: timeAt(Date.now() + plan.total_s * 1000) });
      $("start").disabled = !plan.steps.length;
    }).catch(function (error) {
      var box = $("pre-error"); box.textContent = fmt(T.plan_error, { message: error.message }); box.hidden = false;
    });
  }
  function buildSymptoms() {
    var box = $("symptoms");
    if (box.children.length) { return; }
    P.rules.symptoms.forEach(function (s) {
      var b = document.createElement("button");
      b.type = "button"; b.textContent = s.label;
      var does = effect(s.action);
      b.className = does.emergency_screen ? "danger" : does.ends === "session" ? "warn" : "";
      b.addEventListener("click", function () {
        closeDialogs();
        var decision = symptomDecision(P.rules, s.id, P.stops.map(function (x) { return x.rule; }));
        act(function (now) { return reportSymptom(now, decision); });
        if (effect(decision.action).ends === "technique" && !checking()) { stoppedTechnique(decision); }
      });
      box.appendChild(b);
    });
  }
  function stoppedTechnique(decision) {
    var text = fmt(T.stopped_technique, { reason: decision.reason });
    message(text); speak(text);
  }
  function closeDialogs() {
    document.querySelectorAll("dialog[open]").forEach(function (d) { d.close(); });
  }
  function openDialog(id) {
    if (!P || isOver()) { return; }
    closeDialogs();
    $(id).showModal();
  }

  scale(document.querySelector('[data-scale="before"]'), function (v) { before = v; loadPlan(); });
  scale(document.querySelector('[data-scale="during"]'), function (v) {
    closeDialogs();
    var result = null;
    act(function (now) { result = reportPain(now, v); return result.events; });
    var does = effect(result.decision.action) || {};
    if (does.ends === "technique") { stoppedTechnique(result.decision); }
    else { message(fmt(T.noted, { value: v, reason: result.decision.reason })); }
  });
  scale(document.querySelector('[data-scale="technique"]'), function (v) {
    if (!rateFor) { return; }
    P.ratings.push({ value: v, context: "technique", step_index: Math.min(P.index, P.steps.length - 1),
      technique: rateFor, at_s: r3(active(performance.now())) });
    message(fmt(T.rated, { value: v }));
    showRate(null);
    saveLocal(); upload();
  });
  scale(document.querySelector('[data-scale="after"]'), function (v) {
    sess.pain_after = v;
    upload();
  });
  $("check-no").addEventListener("click", function () {
    unlockSound();
    $("check").hidden = true; $("before").hidden = false;
    document.querySelector('[data-scale="before"] button').focus();
  });
  $("start").addEventListener("click", function () {
    if (!plan) { return; }
    unlockSound();
    begin_session(plan, before);
  });
  $("resume-go").addEventListener("click", function () {
    unlockSound();
    enterPlay();
    renderStep(Math.min(P.index, P.steps.length - 1));
    showRate(rateFor);
    if (P.state === "resting") {
      act(function (now) { P.checkSince = now; return [{ type: "check", phase: "rest" }]; });
    } else { act(resume); }
    wake();
  });
  $("resume-end").addEventListener("click", function () {
    endPartial();
    $("resume").hidden = true;
    $("pre").hidden = false;
  });
  $("pause").addEventListener("click", togglePause);
  $("recheck-yes").addEventListener("click", function () { answer(true); });
  $("recheck-no").addEventListener("click", function () { answer(false); });
  $("skip").addEventListener("click", function () { act(function (now) { return leave(now, "skipped", P.index + 1); }); });
  $("back").addEventListener("click", function () { act(function (now) { return leave(now, "back", Math.max(0, P.index - 1)); }); });
  $("pain").addEventListener("click", function () { openDialog("pain-d"); });
  $("symptom").addEventListener("click", function () { openDialog("symptom-d"); });
  $("quit").addEventListener("click", function () { openDialog("quit-d"); });
  $("quit-yes").addEventListener("click", function () {
    closeDialogs();
    act(function (now) { return quitNow(now); });
  });
  document.querySelectorAll("[data-close]").forEach(function (b) {
    b.addEventListener("click", function () { b.closest("dialog").close(); });
  });
  document.addEventListener("keydown", function (event) {
    if (!P || isOver() || $("play").hidden || document.querySelector("dialog[open]")) { return; }
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = event.target.tagName, key = event.key;
    if ((tag === "BUTTON" || tag === "A" || tag === "INPUT") && (key === " " || key === "Enter")) { return; }
    var map = { " ": togglePause, ArrowRight: function () { $("skip").click(); }, n: function () { $("skip").click(); },
      ArrowLeft: function () { $("back").click(); }, b: function () { $("back").click(); },
      p: function () { openDialog("pain-d"); }, s: function () { openDialog("symptom-d"); },
      q: function () { openDialog("quit-d"); } };
    if (map[key]) { event.preventDefault(); map[key](); }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      if (P && !isOver()) { wake(); loop(); }
    } else if (P && !isOver()) { saveLocal(); }
  });
  window.addEventListener("pagehide", function () { if (P && !isOver()) { saveLocal(); } });

  /* ---- reminders while the page is open ---- */
  var REMIND = "unknot.reminders";
  function notify(text) {
    if (!("Notification" in window) || Notification.permission !== "granted") { return; }
    var show = navigator.serviceWorker && navigator.serviceWorker.ready;
    if (show) { navigator.serviceWorker.ready.then(function (reg) { reg.showNotification("unknot", { body: text, icon: "/static/icon.svg" }); }); }
    else { new Notification("unknot", { body: text }); }
  }
  function armReminders() {
    var settings = readJson(REMIND);
    if (!settings || !("Notification" in window) || Notification.permission !== "granted") { return; }
    var parts = settings.time.split(":"), at = new Date();
    at.setHours(Number(parts[0]), Number(parts[1]), 0, 0);
    if (at.getTime() <= Date.now()) { at.setDate(at.getDate() + 1); }
    setTimeout(function () { notify(T.remind_session); armReminders(); }, at.getTime() - Date.now());
    if (settings.posture) { setInterval(function () { notify(T.remind_posture); }, 3600 * 1000); }
    $("remind-time").value = settings.time;
    $("remind-posture").checked = settings.posture;
    $("remind-state").textContent = T.remind_on;
  }
  $("remind-on").addEventListener("click", function () {
    if (!("Notification" in window)) { $("remind-state").textContent = T.remind_none; return; }
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { $("remind-state").textContent = T.remind_denied; return; }
      localStorage.setItem(REMIND, JSON.stringify({ time: $("remind-time").value || "18:00", posture: $("remind-posture").checked }));
      armReminders();
    });
  });

  var followup = $("followup");
  if (followup) {
    followup.addEventListener("submit", function (event) {
      event.preventDefault();
      var answers = { settled: followup.elements.settled.value === "yes",
        worse_next_morning: followup.elements.worse.value === "yes" };
      fetch("/api/v1/sessions/" + followup.getAttribute("data-session") + "/followup", {
        method: "POST", body: JSON.stringify(answers), credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": token() },
      }).then(function (r) { return r.json(); }).then(function (b) {
        followup.hidden = true;
        $("followup-done").textContent = b.ok ? T.followup_ok : b.advice;
        if (before !== null) { loadPlan(); }  /* a plan already shown: now with the new doses */
      }).catch(function () { $("followup-done").textContent = T.followup_failed; });
    });
  }
  /* After a session a stop-the-session rule ended: has it passed? No: no session today. */
  var stoppedAsk = $("stopped-ask");
  function answerStopped(passed) {
    fetch("/api/v1/sessions/" + stoppedAsk.getAttribute("data-session") + "/stop-followup", {
      method: "POST", body: JSON.stringify({ passed: passed }), credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token() },
    }).then(function (r) { return r.json(); }).then(function (b) {
      stoppedAsk.hidden = true;
      if (b.can_start) { $("stopped").hidden = true; $("check").hidden = false; $("check-no").focus(); return; }
      $("stopped-text").textContent = b.message; $("stopped-text").hidden = false;
      if ($("stopped-call")) { $("stopped-call").hidden = false; }
    }).catch(function () { $("stopped-text").textContent = T.followup_failed; $("stopped-text").hidden = false; });
  }
  if (stoppedAsk) {
    $("stopped-yes").addEventListener("click", function () { answerStopped(true); });
    $("stopped-no").addEventListener("click", function () { answerStopped(false); });
  }
  if ("serviceWorker" in navigator) { navigator.serviceWorker.register("/sw.js").catch(function () {}); }
  offerResume();
  armReminders();
  flush();
})();
