// Reads an iCalendar file with ical.js (the library Thunderbird and many web calendars
// use) and prints each VEVENT's UID with its start and end as a calendar places them:
// UTC instants (ISO 8601), or the day of an all-day event. The tests compare them with
// the event pages. stdin: the .ics; stdout: JSON [{uid, start, end}].
import fs from "fs";
import ICAL from "ical.js";

const calendar = new ICAL.Component(ICAL.parse(fs.readFileSync(0, "utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const placed = (time) => (time.isDate ? time.toString() : time.toJSDate().toISOString());
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return { uid: event.uid, start: placed(event.startDate), end: placed(event.endDate) };
});
process.stdout.write(JSON.stringify(events));
