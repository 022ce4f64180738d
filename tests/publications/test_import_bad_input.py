"""Importers name the problem and write nothing, whatever the input: the cases found from
outside, as admin imports, and hypothesis-generated input for every parser."""

import json
from datetime import date
from http.server import BaseHTTPRequestHandler
from io import StringIO
from types import SimpleNamespace
from xml.sax.saxutils import escape

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publications.importers import ImportProblem, arxiv, bibtex, crossref
from publications.importing import apply, plan, title_key
from publications.models import PublicationIndexPage, PublicationPage
from tests.loopback import serving

from ..factories import UserFactory, add_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home_page):
    return home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )


@pytest.fixture
def editor_client(client, index):
    editor = UserFactory(username="editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


@pytest.fixture
def recorded_server():
    """A loopback HTTP server that answers 404 and records the paths it was asked for."""
    paths = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server expects
            paths.append(self.path)
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    with serving(Handler) as base:
        yield SimpleNamespace(base=base, paths=paths)


def entry(key="paper2024", **fields):
    fields = {"title": "{A title}", "author": "{Doe, Jane}", "year": "2024", **fields}
    body = ",\n".join(f"  {name} = {value}" for name, value in fields.items())
    return f"@article{{{key},\n{body}\n}}\n"


def admin_import(client, text, source="bibtex", confirm=True):
    data = {"source": source, "text": text}
    if confirm:
        data["confirm"] = "1"
    return client.post(reverse("publications_import"), data)


# --- the cases found from outside, through the admin import -------------------------------

BAD_BIBTEX = {
    "a NUL byte in the title": entry(title="{Grokking\x00 beyond}"),
    "a NUL byte in an author": entry(author="{Doe\x00, Jane}"),
    "a day in other digits": entry(day="{١٢}"),
    "a huge day": entry(day="{99999999999999999999999999}"),
    "an author name longer than the column": entry(author="{" + "x" * 300 + "}"),
    "100,000 authors": entry(
        author="{" + " and ".join(f"Author{n}, A." for n in range(100_000)) + "}"
    ),
    "a title longer than a page title": entry(title="{" + "word " * 80 + "}"),
    "an abstract longer than the limit": entry(abstract="{" + "a " * 6_000 + "}"),
    "a year in other digits": entry(year="{²⁰²⁴}"),
}


@pytest.mark.parametrize("case", BAD_BIBTEX, ids=list(BAD_BIBTEX))
def test_bad_bibtex_is_a_message_naming_the_entry_and_nothing_is_written(editor_client, case):
    response = admin_import(editor_client, BAD_BIBTEX[case])

    assert response.status_code == 200
    problems = " ".join(response.context["problem"] or [])
    assert "paper2024" in problems
    assert not PublicationPage.objects.exists()


CROSSREF_MESSAGE = {
    "DOI": "10.1234/example",
    "type": "journal-article",
    "title": ["A title"],
    "author": [{"given": "Jane", "family": "Doe"}],
    "issued": {"date-parts": [[2021, 3, 4]]},
}
BAD_CROSSREF = {
    "a date out of range": {"issued": {"date-parts": [[99999999999, 1, 1]]}},
    "a day out of range": {"issued": {"date-parts": [[2021, 2, 10**20]]}},
    "a date of strings": {"issued": {"date-parts": [["2021", "x"]]}},
    "a date that is not a list": {"issued": {"date-parts": "2021"}},
    "an author that is a string": {"author": ["Jane Doe"]},
    "authors that are not a list": {"author": {"given": "Jane"}},
    "a title that is a number": {"title": [42]},
    "a title list that is a number": {"title": 42},
    "a NUL in the abstract": {"abstract": "<jats:p>a\x00b</jats:p>"},
}


@pytest.mark.parametrize("case", BAD_CROSSREF, ids=list(BAD_CROSSREF))
def test_bad_crossref_json_is_a_message_naming_the_work(index, case):
    message = {**CROSSREF_MESSAGE, **BAD_CROSSREF[case]}

    with pytest.raises(ImportProblem, match="DOI 10.1234/example"):
        crossref.parse({"message": message})


def test_crossref_markup_is_decoded_to_text_once_at_import():
    message = {
        **CROSSREF_MESSAGE,
        "title": ["Scaling &amp; <i>grokking</i>"],
        "container-title": ["<i>Physical Review</i> E &amp; more"],
        "abstract": "<jats:title>Abstract</jats:title><jats:p>If x &lt; y &amp; z</jats:p>",
    }

    (record,) = crossref.parse({"message": message})

    assert record.title == "Scaling & grokking"
    assert record.venue == "Physical Review E & more"
    assert record.abstract == "If x < y & z"


def test_a_doi_with_dot_segments_is_sent_encoded(index, settings, recorded_server):
    settings.CROSSREF_API_URL = f"{recorded_server.base}/works"

    with pytest.raises(ImportProblem):
        crossref.fetch(["10.1234/../../admin"])

    assert recorded_server.paths == ["/works/10.1234%2F..%2F..%2Fadmin"]


def test_an_arxiv_entry_with_an_empty_title_is_an_error():
    atom = ATOM.format(entries=atom_entry(title=""))

    with pytest.raises(ImportProblem, match="arXiv 2210.01117: it has no title"):
        arxiv.parse_atom(atom)


def test_arxiv_xml_with_entities_is_refused_not_expanded():
    atom = '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaa">]><feed>&a;</feed>'

    with pytest.raises(ImportProblem, match="not valid Atom XML"):
        arxiv.parse_atom(atom)


# --- the same-paper rule in any script ------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("深層学習の解釈可能性", "大規模言語モデルの安全性"),
        ("神经网络的可解释性", "语言模型的对齐"),
        ("Ερμηνευσιμότητα νευρωνικών δικτύων", "Ασφάλεια γλωσσικών μοντέλων"),
        ("Интерпретируемость", "Безопасность"),
    ],
)
def test_papers_whose_titles_are_not_in_latin_script_are_not_merged(index, first, second):
    add_publication(index, first, date(2024, 1, 1))
    records = bibtex.parse(entry(title="{" + second + "}", doi="{10.1234/second}"))

    (action,) = plan(records, index)

    assert action.kind == "create"
    assert title_key(first) and title_key(first) != title_key(second)


def test_the_same_title_in_any_script_is_still_the_same_paper(index):
    add_publication(index, "深層学習の解釈可能性", date(2024, 1, 1), authors=("Jane Doe",))
    records = bibtex.parse(entry(title="{深層学習の解釈可能性}", doi="{10.1234/x}"))

    (action,) = plan(records, index)

    assert action.kind == "update"


def test_one_title_by_other_people_is_another_work(index):
    # A review often carries the title of the book it reviews.
    add_publication(
        index, "Teaching Children's Literature", date(2013, 1, 1), authors=("A. Mourão",)
    )
    records = bibtex.parse(entry(title="{Teaching children's literature}", year="2013"))

    (action,) = plan(records, index)

    assert action.kind == "create"


@pytest.mark.parametrize("month", ["{²}", "{①}", "{99999999999999999999999}", "{Smarch}", "{25}"])
def test_a_month_that_is_not_one_leaves_the_paper_dated_by_its_year_and_says_so(index, month):
    (record,) = bibtex.parse(entry(month=month))
    (action,) = plan([record], index)

    assert (record.publication_date, record.date_precision) == (date(2024, 1, 1), "year")
    assert action.kind == "create"
    assert action.left_out == f"left out: its month “{month[1:-1][:40]}”, which is not a month"


def test_a_title_without_letters_or_digits_matches_nothing(index):
    add_publication(index, "?!", date(2024, 1, 1))
    records = bibtex.parse(entry(title="{…}"))

    (action,) = plan(records, index)

    assert action.kind == "create"


# --- hypothesis: every parser gives records or its own error ---------------------------------

nasty_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Cc", "Zs"]), max_size=12),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.sampled_from(
        [
            "{",
            "}",
            "\\",
            '"',
            "@",
            ",",
            "=",
            "#",
            "%",
            "$",
            "\\(",
            "{\\'e}",
            "\x00",
            "²",
            "①",
            "and",
        ]
    ),
)
field_names = st.sampled_from(
    [
        "title",
        "author",
        "year",
        "month",
        "day",
        "doi",
        "eprint",
        "journal",
        "booktitle",
        "abstract",
        "note",
        "url",
        "primaryclass",
        "archiveprefix",
        "school",
        "pdf",
        "code",
    ]
)


@st.composite
def bibtex_files(draw):
    entries = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        fields = draw(st.dictionaries(field_names, nasty_text, max_size=8))
        kind = draw(st.sampled_from(["article", "inproceedings", "phdthesis", "misc", "book", "x"]))
        key = draw(st.one_of(st.just("key"), st.text(max_size=8)))
        body = ",".join(f"{name} = {{{value}}}" for name, value in fields.items())
        entries.append(f"@{kind}{{{key},{body}}}")
    noise = draw(st.one_of(st.just(""), st.text(max_size=20)))
    return "\n".join(entries) + noise


FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(text=st.one_of(bibtex_files(), st.text(max_size=200)))
def test_the_bibtex_parser_gives_records_or_its_own_error(text):
    try:
        records = bibtex.parse(text)
    except ImportProblem:
        return
    assert records and all(record.title.strip() and record.authors for record in records)


ATOM = (
    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">'
    "{entries}</feed>"
)


def atom_entry(title="A title", published="2022-10-03T17:50:06Z", author="Ziming Liu", extra=""):
    return (
        "<entry><id>http://arxiv.org/abs/2210.01117v2</id>"
        f"<title>{escape(title)}</title><published>{escape(published)}</published>"
        f"<summary>{escape(title)}</summary><author><name>{escape(author)}</name></author>"
        f"{extra}</entry>"
    )


xml_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=30
)


@FUZZ
@given(
    title=xml_text,
    published=st.one_of(xml_text, st.just("2022-10-03T17:50:06Z")),
    author=xml_text,
    extra=st.sampled_from(["", "<arxiv:primary_category term='cs.LG'/>", "<link title='pdf'/>"]),
    raw=st.one_of(st.none(), st.text(max_size=100)),
)
def test_the_arxiv_parser_gives_records_or_its_own_error(title, published, author, extra, raw):
    text = (
        raw if raw is not None else ATOM.format(entries=atom_entry(title, published, author, extra))
    )
    try:
        records = arxiv.parse_atom(text)
    except ImportProblem:
        return
    assert all(record.title.strip() and record.authors for record in records)


def json_containers(children):
    return st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=6), children, max_size=3)
    )


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), nasty_text),
    json_containers,
    max_leaves=8,
)


@st.composite
def crossref_works(draw):
    message = dict(CROSSREF_MESSAGE)
    for key in draw(
        st.lists(
            st.sampled_from(list(CROSSREF_MESSAGE) + ["abstract", "container-title"]), max_size=4
        )
    ):
        message[key] = draw(json_values)
    return draw(
        st.sampled_from([{"message": message}, message, [message], json.loads(json.dumps(message))])
    )


@FUZZ
@given(data=st.one_of(crossref_works(), json_values))
def test_the_crossref_parser_gives_records_or_its_own_error(data):
    try:
        records = crossref.parse(data)
    except ImportProblem:
        return
    assert all(record.title.strip() and record.authors for record in records)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=bibtex_files())
def test_planning_and_writing_an_import_never_fails_otherwise_and_is_all_or_nothing(index, text):
    before = PublicationPage.objects.count()
    try:
        apply(plan(bibtex.parse(text), index), index)
    except ImportProblem:
        assert PublicationPage.objects.count() == before


@pytest.mark.parametrize("command", ["import_arxiv", "import_doi", "import_bibtex"])
@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00binary", b"[" * 100_000, b"<feed><entry>"],
    ids=["binary", "deep", "cut"],
)
def test_import_commands_explain_unreadable_files(index, tmp_path, command, content):
    from django.core.management import CommandError, call_command

    path = tmp_path / "saved"
    path.write_bytes(content)
    args = [str(path)] if command == "import_bibtex" else ["--from-file", str(path)]

    with pytest.raises(CommandError):
        call_command(command, *args, stdout=StringIO(), stderr=StringIO())

    assert not PublicationPage.objects.exists()
