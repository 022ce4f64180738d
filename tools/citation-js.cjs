// Reads the site's RIS or CSL-JSON export with citation-js (npm @citation-js/core and
// @citation-js/plugin-ris) and prints what it understood, as CSL-JSON items, so that the
// tests compare it with the papers. stdin: {"type": "@ris/file" | "@csl/list+object",
// "text": ...}; stdout: JSON list of CSL-JSON items, in the file's order.
const fs = require("fs");
const { Cite } = require("@citation-js/core");
require("@citation-js/plugin-ris");

const request = JSON.parse(fs.readFileSync(0, "utf8"));
const input = request.type === "@ris/file" ? request.text : JSON.parse(request.text);
const cite = new Cite(input, { forceType: request.type });
// Each item without citation-js's own record of where it came from (_graph).
const items = cite.data.map(({ _graph, ...item }) => item);
process.stdout.write(JSON.stringify(items));
