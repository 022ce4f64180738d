/* Events: next to the time where an event takes place, the same moment in the reader's
   own time zone, when it differs, written as the site writes times (events.models
   EventPage.when_text): "Your time: Tuesday, March 4, 2025, 10:00 p.m. (GMT+1, Berlin)". */
(function () {
  "use strict";
  function written(moment, zone) {
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      weekday: "long", month: "long", day: "numeric", year: "numeric",
      hour: "numeric", minute: "2-digit", hour12: true, timeZoneName: "short", timeZone: zone
    }).formatToParts(moment).forEach(function (part) { parts[part.type] = part.value; });
    var period = (parts.dayPeriod || "").toUpperCase() === "AM" ? "a.m." : "p.m.";
    return parts.weekday + ", " + parts.month + " " + parts.day + ", " + parts.year + ", " +
      parts.hour + ":" + parts.minute + "\u00a0" + period + " (" + parts.timeZoneName + ", " +
      zone.split("/").pop().replace(/_/g, " ") + ")";
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Intl || !Intl.DateTimeFormat) return;
    var own = Intl.DateTimeFormat().resolvedOptions().timeZone;
    document.querySelectorAll("time[data-local-time]").forEach(function (element) {
      if (element.getAttribute("data-time-zone") === own) return;
      var moment = new Date(element.getAttribute("datetime"));
      if (isNaN(moment.getTime())) return;
      var note = document.createElement("span");
      note.className = "event__local-time";
      note.textContent = "Your time: " + written(moment, own);
      element.insertAdjacentElement("afterend", note);
    });
  });
})();
