"""Demo content for research: the research page and the seed's highlights (data/highlights.toml),
each featuring its paper."""

from pathlib import Path

from django.utils.text import slugify

from publications.authors import MemberIndex, author_line, split_author_line
from publications.importing import title_key
from publications.models import PublicationAuthor, PublicationIndexPage, PublicationPage
from research.models import ResearchHighlightPage, ResearchIndexPage

from .loader import default_site, paragraphs_to_html, publish, read_toml, section_ids

HIGHLIGHTS = Path(__file__).resolve().parent / "data" / "highlights.toml"


def _split_venue(line):
    """“ICLR 2023 (Spotlight)” → (“ICLR 2023”, “Spotlight”)."""
    venue, _, note = line.partition(" (")
    return venue.strip(), note.rstrip(")").strip()


def _paper_author_line(paper):
    return author_line([author.name for author in paper.authors.all()], paper.authors_cut)


class HighlightsLoader:
    """The research page under the home page, with the seed's highlights, each featuring its paper.

    A highlight shows its paper's authors and venue unless the seed says otherwise
    (for instance the full author list where the publication list cuts it short).
    """

    label = "research page and highlights"

    def __init__(self, data=None):
        self.data = data if data is not None else read_toml(HIGHLIGHTS)

    def index(self):
        return ResearchIndexPage.objects.child_of(default_site().root_page).first()

    def current(self):
        index = self.index()
        if index is None:
            return None
        highlights = (
            ResearchHighlightPage.objects.child_of(index)
            .order_by("path")
            .select_related("publication")
            .prefetch_related("publication__authors")
        )
        return {
            "title": index.title,
            "slug": index.slug,
            "intro": index.intro,
            "highlights": [
                (
                    highlight.title,
                    highlight.authors_override
                    or (_paper_author_line(highlight.publication) if highlight.publication else ""),
                    highlight.venue_line,
                    highlight.summary,
                    highlight.feature_on_home,
                    title_key(highlight.publication.title) if highlight.publication else None,
                )
                for highlight in highlights
            ],
        }

    def desired(self):
        page = self.data["research_page"]
        return {
            "title": page["title"],
            "slug": page["slug"],
            "intro": paragraphs_to_html(page["intro"], section_ids()),
            "highlights": [
                (
                    entry["title"],
                    entry["authors"],
                    entry.get("venue", ""),
                    paragraphs_to_html(entry["summary"]),
                    True,
                    title_key(entry["title"]),
                )
                for entry in self.data["highlights"]
            ],
        }

    def load(self):
        page = self.data["research_page"]
        index = self.index()
        if index is None:
            index = default_site().root_page.add_child(
                instance=ResearchIndexPage(
                    title=page["title"], slug=page["slug"], show_in_menus=True
                )
            )
        index.title = page["title"]
        index.slug = page["slug"]
        index.intro = paragraphs_to_html(page["intro"], section_ids())
        publish(index)

        papers = {
            title_key(paper.title): paper
            for paper in PublicationPage.objects.prefetch_related("authors")
        }
        existing = {
            highlight.slug: highlight for highlight in ResearchHighlightPage.objects.child_of(index)
        }
        for entry in self.data["highlights"]:
            paper = papers.get(title_key(entry["title"])) or self.add_paper(entry)
            slug = slugify(entry["title"])[:80].strip("-")
            highlight = existing.get(slug) or ResearchHighlightPage(slug=slug)
            highlight.title = entry["title"]
            highlight.publication = paper
            highlight.summary = paragraphs_to_html(entry["summary"])
            highlight.authors_override = (
                "" if entry["authors"] == _paper_author_line(paper) else entry["authors"]
            )
            venue = entry.get("venue", "")
            highlight.venue_override = "" if venue == paper.venue_line else venue
            highlight.date = paper.publication_date
            highlight.feature_on_home = True
            if highlight.pk is None:
                index.add_child(instance=highlight)
            publish(highlight)

    def add_paper(self, entry):
        """A publication made from what the seed says of a highlight whose paper is not listed."""
        title = entry["title"]
        if "date" not in entry:
            raise ValueError(
                f"“{title}” is not in the publication list; give its date in highlights.toml "
                "so that it can be added."
            )
        index = PublicationIndexPage.find()
        if index is None:
            raise ValueError(f"there is no publication list to add “{title}” to.")
        venue, note = _split_venue(entry.get("venue", ""))
        members = MemberIndex.of_all_members()
        paper = PublicationPage(
            title=title,
            slug=slugify(title)[:80].strip("-"),
            publication_date=entry["date"],
            venue=venue,
            venue_note=note,
        )
        names, cut = split_author_line(entry["authors"])
        paper.authors_cut = cut
        paper.authors = [
            PublicationAuthor(name=name, member=members.match(name).member) for name in names
        ]
        index.add_child(instance=paper)
        publish(paper)
        return paper
