// Formats CSL-JSON items with citeproc-js, the reference CSL processor, so that the tests
// can compare the site's references (citeproc-py) with it.
// stdin: {"style": <CSL file path>, "locales": <folder of locales-xx-XX.xml>, "items": [...],
//         "format": "text" | "html", "together": false}
// stdout: the references, in the items' order: each alone, or ("together": true) as one
// bibliography, as a reference list would print them (year suffixes such as 2024a).
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const request = JSON.parse(fs.readFileSync(0, "utf8"));
const byId = Object.fromEntries(request.items.map((item) => [item.id, item]));
const style = fs.readFileSync(request.style, "utf8");
const sys = {
  retrieveLocale: (lang) => {
    const file = path.join(request.locales, `locales-${lang}.xml`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
  },
  retrieveItem: (id) => byId[id],
};

// One engine (reading a style takes a while); updateItems replaces the items it holds.
const engine = new CSL.Engine(sys, style);
engine.setOutputFormat(request.format || "text");

function bibliography(ids) {
  engine.updateItems(ids);
  const [meta, entries] = engine.makeBibliography();
  const found = Object.fromEntries(meta.entry_ids.map((id, n) => [id[0], entries[n].trim()]));
  return ids.map((id) => found[id]);
}

const ids = request.items.map((item) => item.id);
const out = request.together ? bibliography(ids) : ids.map((id) => bibliography([id])[0]);
process.stdout.write(JSON.stringify(out));
