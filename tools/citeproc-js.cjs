// Formats CSL-JSON items with citeproc-js, the reference CSL processor, so that the tests
// can compare the site's references (citeproc-py) with it.
// stdin: {"styles": {<name>: <CSL file path>, ...}, "locales": <folder of locales-xx-XX.xml>,
//         "items": [...], "format": "text" | "html", "together": false}
// stdout: {<name>: the references in that style, in the items' order}: each item formatted
// alone, or ("together": true) as one bibliography, as a reference list prints them (year
// letters such as 2024a). One process for every style: starting node and reading the
// processor take longer than formatting.
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const request = JSON.parse(fs.readFileSync(0, "utf8"));
const byId = Object.fromEntries(request.items.map((item) => [item.id, item]));
const sys = {
  retrieveLocale: (lang) => {
    const file = path.join(request.locales, `locales-${lang}.xml`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
  },
  retrieveItem: (id) => byId[id],
};
const ids = request.items.map((item) => item.id);

function references(stylePath) {
  // One engine per style (reading a style takes a while); updateItems replaces the items.
  const engine = new CSL.Engine(sys, fs.readFileSync(stylePath, "utf8"));
  engine.setOutputFormat(request.format || "text");
  const bibliography = (some) => {
    engine.updateItems(some);
    const [meta, entries] = engine.makeBibliography();
    const found = Object.fromEntries(meta.entry_ids.map((id, n) => [id[0], entries[n].trim()]));
    return some.map((id) => found[id]);
  };
  return request.together ? bibliography(ids) : ids.map((id) => bibliography([id])[0]);
}

const out = Object.fromEntries(
  Object.entries(request.styles).map(([name, stylePath]) => [name, references(stylePath)]),
);
process.stdout.write(JSON.stringify(out));
