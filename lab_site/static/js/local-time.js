/* Events: next to the time where an event takes place, the same moment in the reader's
   own time zone, when it differs (e.g. "Your time: Tue, Mar 4, 10:00 PM CET"). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Intl || !Intl.DateTimeFormat) return;
    var own = Intl.DateTimeFormat().resolvedOptions().timeZone;
    document.querySelectorAll("time[data-local-time]").forEach(function (element) {
      if (element.getAttribute("data-time-zone") === own) return;
      var moment = new Date(element.getAttribute("datetime"));
      if (isNaN(moment.getTime())) return;
      var text = new Intl.DateTimeFormat(undefined, {
        weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit",
        timeZoneName: "short"
      }).format(moment);
      var note = document.createElement("span");
      note.className = "event__local-time";
      note.textContent = "Your time: " + text;
      element.insertAdjacentElement("afterend", note);
    });
  });
})();
