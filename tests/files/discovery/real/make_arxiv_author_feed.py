"""Builds arxiv_author_feed.atom2: an arXiv author feed (arxiv.org/a/<id>.atom2) written by
arXiv's own server code (arXiv/arxiv-browse, browse/controllers/list_page/author.py,
get_atom2) from real arXiv entries (the arXiv API answer arxiv_query_testing_100.xml).
No recording of that endpoint is public; this runs arXiv's code on real data instead.

Needs checkouts of arXiv/arxiv-browse (BROWSE) and arXiv/arxiv-base (BASE), and Flask.
"""

import sys
import types
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

BROWSE, BASE, ENTRIES, OUT, PICK = sys.argv[1:6]
sys.path.insert(0, BASE)
from arxiv.taxonomy.definitions import CATEGORIES  # noqa: E402
from flask import Blueprint, Flask  # noqa: E402

A = "{http://www.w3.org/2005/Atom}"
X = "{http://arxiv.org/schemas/atom}"
entries = {}
for entry in ET.parse(ENTRIES).getroot().findall(f"{A}entry"):  # noqa: S314 - arXiv's answer, a fixture
    arxiv_id = entry.find(f"{A}id").text.rsplit("/abs/", 1)[1]
    entries[arxiv_id.rsplit("v", 1)[0]] = entry
wanted = PICK.split(",")


class Meta:
    def __init__(self, entry):
        text = lambda path: entry.find(path).text if entry.find(path) is not None else None  # noqa: E731
        self.arxiv_id_v = entry.find(f"{A}id").text.rsplit("/abs/", 1)[1]
        self.version = int(self.arxiv_id_v.rsplit("v", 1)[1])
        self.title = " ".join(text(f"{A}title").split())
        self.abstract = text(f"{A}summary")
        names = [a.find(f"{A}name").text for a in entry.findall(f"{A}author")]
        self.authors = types.SimpleNamespace(raw=", ".join(names))
        self.doi, self.comments, self.journal_ref = (
            text(f"{X}doi"),
            text(f"{X}comment"),
            text(f"{X}journal_ref"),
        )
        self._published = datetime.fromisoformat(text(f"{A}published").replace("Z", "+00:00"))
        self._updated = datetime.fromisoformat(text(f"{A}updated").replace("Z", "+00:00"))
        primary = entry.find(f"{X}primary_category").get("term")
        self.primary_category = CATEGORIES.get(primary)
        others = [c.get("term") for c in entry.findall(f"{A}category")]
        self.secondary_categories = [
            CATEGORIES[c] for c in others if c != primary and c in CATEGORIES
        ]

    def canonical_url(self):
        return f"https://arxiv.org/abs/{self.arxiv_id_v.rsplit('v', 1)[0]}"

    def get_datetime_of_version(self, version):
        return self._published if version == 1 else self._updated


def module(name, **attrs):
    mod = types.ModuleType(name)
    mod.__dict__.update(attrs)
    mod.__path__ = []
    sys.modules[name] = mod
    return mod


module("browse")
module("browse.services")
module(
    "browse.services.database",
    get_user_id_by_author_id=lambda author_id: 1,
    get_user_id_by_orcid=lambda orcid: 1,
    get_user_display_name=lambda user_id: "An author",
    get_orcid_by_user_id=lambda user_id: None,
    get_articles_for_author=lambda user_id: [types.SimpleNamespace(id=i) for i in wanted],
)
module(
    "browse.services.documents",
    get_doc_service=lambda: types.SimpleNamespace(get_abs=lambda i: Meta(entries[i])),
)
module("browse.controllers")
module(
    "browse.controllers.list_page",
    dl_for_articles=None,
    latexml_links_for_articles=None,
    authors_for_articles=None,
)
source = (Path(BROWSE) / "browse/controllers/list_page/author.py").read_text()
author = module("browse.controllers.list_page.author")
author.__package__ = "browse.controllers.list_page"
exec(compile(source, "author.py", "exec"), author.__dict__)  # noqa: S102 - arXiv's own module

app = Flask(__name__)
dissemination = Blueprint("dissemination", __name__)
dissemination.add_url_rule("/pdf/<arxiv_id>", "pdf", lambda arxiv_id: "")
app.register_blueprint(dissemination)
app.config["SERVER_NAME"] = "arxiv.org"
with app.test_request_context("/a/an_author_1.atom2", base_url="https://arxiv.org"):
    Path(OUT).write_text(author.get_atom2("an_author_1"))
