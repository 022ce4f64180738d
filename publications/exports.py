"""BibTeX and Atom exports of publications."""

from datetime import UTC

from django.http import HttpResponse
from django.utils.feedgenerator import Atom1Feed

from .identifiers import MONTHS
from .models import PublicationType

ENTRY_TYPES = {
    PublicationType.PREPRINT: "misc",
    PublicationType.CONFERENCE: "inproceedings",
    PublicationType.WORKSHOP: "inproceedings",
    PublicationType.JOURNAL: "article",
    PublicationType.THESIS: "phdthesis",
    PublicationType.BOOK_CHAPTER: "incollection",
    PublicationType.REPORT: "techreport",
}
VENUE_FIELDS = {"inproceedings": "booktitle", "article": "journal", "incollection": "booktitle"}


def _braced(value):
    """A BibTeX field value in braces; unbalanced braces in it are escaped."""
    value = " ".join(str(value).split())
    depth = 0
    balanced = True
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            balanced = False
            break
    if not balanced or depth != 0:
        value = value.replace("{", "\\{").replace("}", "\\}")
    return "{" + value + "}"


def bibtex_entry(publication):
    entry_type = ENTRY_TYPES.get(publication.publication_type, "misc")
    authors = [author.name for author in publication.authors.all()]
    if publication.authors_cut:
        authors.append("others")
    fields = [
        ("title", publication.title),
        ("author", " and ".join(authors)),
        ("year", publication.publication_date.year),
        ("month", MONTHS[publication.publication_date.month - 1]),
        ("day", publication.publication_date.day),
    ]
    if publication.venue:
        fields.append((VENUE_FIELDS.get(entry_type, "howpublished"), publication.venue))
    if publication.venue_note:
        fields.append(("note", publication.venue_note))
    if publication.arxiv_id:
        fields += [("eprint", publication.arxiv_id), ("archiveprefix", "arXiv")]
    if publication.arxiv_category:
        fields.append(("primaryclass", publication.arxiv_category))
    if publication.doi:
        fields.append(("doi", publication.doi))
    for name, value in [
        ("url", publication.arxiv_url or publication.doi_url),
        ("pdf", publication.pdf_url),
        ("code", publication.code_url),
    ]:
        if value:
            fields.append((name, value))
    if publication.abstract:
        fields.append(("abstract", publication.abstract))
    lines = [f"@{entry_type}{{{publication.get_bibtex_key()},"]
    lines += [f"  {name} = {_braced(value)}," for name, value in fields if value != ""]
    lines.append("}")
    return "\n".join(lines)


def bibtex(publications):
    return "\n\n".join(bibtex_entry(publication) for publication in publications) + "\n"


def bibtex_response(publications, filename):
    response = HttpResponse(
        bibtex(publications), content_type="application/x-bibtex; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def atom_feed(index, request, limit=20):
    newest = index.publications().for_listing().order_by("-publication_date", "-pk")[:limit]
    feed = Atom1Feed(
        title=f"{index.title}: newest publications",
        link=index.get_full_url(request),
        description="",
        feed_url=request.build_absolute_uri(),
        language="en",
    )
    for publication in newest:
        feed.add_item(
            title=publication.plain_title,
            link=publication.get_full_url(request),
            description=publication.plain_abstract,
            author_name=", ".join(author.name for author in publication.authors.all()),
            pubdate=_midnight(publication.publication_date),
            unique_id=publication.get_full_url(request),
            categories=[topic.name for topic in publication.topics.all()],
        )
    return HttpResponse(
        feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )


def _midnight(day):
    from datetime import datetime, time

    return datetime.combine(day, time(), tzinfo=UTC)
