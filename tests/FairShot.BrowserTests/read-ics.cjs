// Reads an .ics file with ical.js (Mozilla's parser, not the library FairShot writes with) and
// prints each event as JSON: its summary, location, zone and start in that zone and in UTC.
// Used by the browser tests: node read-ics.cjs FILE
const fs = require("fs");
const ICAL = require("ical.js");
const root = new ICAL.Component(ICAL.parse(fs.readFileSync(process.argv[2], "utf8")));
for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}
const events = root.getAllSubcomponents("vevent").map((c) => {
  const event = new ICAL.Event(c);
  const start = event.startDate;
  const zone = c.getFirstProperty("dtstart").getParameter("tzid") || null;
  return {
    summary: event.summary,
    location: event.location,
    zone,
    local: start.toString(),
    utc: start.toJSDate().toISOString(),
    hasZoneDefinition: root.getAllSubcomponents("vtimezone").some((z) => z.getFirstPropertyValue("tzid") === zone),
  };
});
process.stdout.write(JSON.stringify(events));
