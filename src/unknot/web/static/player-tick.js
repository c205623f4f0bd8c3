/* unknot player: a worker that wakes the page at the times it asks for. Timers in a hidden
   page are throttled to once a second (or less); a worker's are not, so step changes stay on
   time with the screen off. The page still computes everything from performance.now(). */
"use strict";
var timer = null;
self.onmessage = function (event) {
  if (timer !== null) { clearTimeout(timer); timer = null; }
  var ms = event.data;
  if (typeof ms === "number" && ms >= 0) {
    timer = setTimeout(function () { timer = null; self.postMessage(ms); }, ms);
  }
};
