/* unknot service worker: the app shell and the player work offline (issue 6).
   Pages: network first, the last copy when offline, else a page saying so. Static files:
   cache first. The plan: network first; each plan fetched is kept for its pain band too (0-5,
   or above 5: the plan differs only there), and opening the player online fetches both bands,
   so a reload offline can start whatever pain is picked. Offline, only a plan fetched today is
   used: on a trial day yesterday's could be the other arm (issue 15). */
"use strict";
var CACHE = "unknot-@VERSION@";
var TEXT = @TEXT@;
var SHELL = ["/player", "/", "/static/app.css", "/static/app.js", "/static/player.css",
  "/static/player.js", "/static/player-tick.js", "/static/icon.svg", "/manifest.webmanifest"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }).then(keepOpenPages));
});

/* The pages open when the worker starts were fetched without it: keep them now (and, for the
   player, today's plans), so the very first visit works offline too. */
function keepOpenPages() {
  return self.clients.matchAll({ type: "window" }).then(function (open) {
    return Promise.all(open.map(function (client) {
      var url = new URL(client.url);
      if (url.origin !== self.location.origin) { return null; }
      var page = fetch(client.url, { credentials: "same-origin" }).then(function (response) {
        return keep(new Request(client.url), response);
      });
      return Promise.all([page, url.pathname === "/player" ? fetchBands(url) : null]);
    })).catch(function () { /* offline already: nothing to keep */ });
  });
}

function keep(request, response) {
  if (response.ok) {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

/* The key a plan is kept under for its band: the routine asked for, and low or high pain. */
function bandKey(url) {
  var pain = Number(url.searchParams.get("pain"));
  var key = new URL("/api/v1/plan", url.origin);
  key.searchParams.set("band", url.searchParams.get("pain") !== null && pain > 5 ? "high" : "low");
  key.searchParams.set("routine", url.searchParams.get("routine") || "");
  return key.toString();
}

function today(response) {
  var date = response && new Date(response.headers.get("Date") || 0);
  return Boolean(date) && date.toDateString() === new Date().toDateString();
}

function planFirst(request) {
  var url = new URL(request.url);
  return fetch(request).then(function (response) {
    keep(new Request(bandKey(url)), response.clone());
    return keep(request, response);
  }).catch(function () {
    return caches.match(request).then(function (hit) {
      return today(hit) ? hit : caches.match(bandKey(url));
    }).then(function (hit) {
      if (today(hit)) { return hit; }
      return new Response(JSON.stringify({ status: 503, code: "offline", message: TEXT.plan }), {
        status: 503, headers: { "Content-Type": "application/json" },
      });
    });
  });
}

/* Opening the player online fetches today's plan for both bands (as the player would ask). */
function fetchBands(url) {
  var routine = url.searchParams.get("routine");
  return Promise.all([0, 10].map(function (pain) {
    var plan = new URL("/api/v1/plan", url.origin);
    plan.searchParams.set("pain", String(pain));
    if (routine) { plan.searchParams.set("routine", routine); }
    return planFirst(new Request(plan.toString(), { credentials: "same-origin" }));
  })).catch(function () { /* offline: nothing to fetch */ });
}

function pageFirst(request) {
  return fetch(request).then(function (response) { return keep(request, response); }).catch(function () {
    return caches.match(request).then(function (hit) {
      return hit || caches.match(request, { ignoreSearch: true });
    }).then(function (hit) {
      return hit || new Response(TEXT.page, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
    });
  });
}

function networkFirst(request) {
  return fetch(request).then(function (response) { return keep(request, response); }).catch(function () {
    return caches.match(request).then(function (hit) { return hit || Response.error(); });
  });
}

function cacheFirst(request) {
  return caches.match(request).then(function (hit) {
    return hit || fetch(request).then(function (response) { return keep(request, response); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/static/") === 0) { event.respondWith(cacheFirst(request)); return; }
  if (url.pathname === "/api/v1/plan") { event.respondWith(planFirst(request)); return; }
  if (request.mode === "navigate") {
    event.respondWith(pageFirst(request));
    if (url.pathname === "/player") { event.waitUntil(fetchBands(url)); }
    return;
  }
  if (url.pathname === "/manifest.webmanifest") { event.respondWith(networkFirst(request)); }
});
