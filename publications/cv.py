"""The papers section of a member's CV (``people.cv``): every live paper they wrote,
newest first, their name in bold in the author line."""

from django.utils.translation import gettext_lazy as _

from people.cv import CVEntry, CVSection, authors_line
from scholarly_text.latex import print_html

from .models import PublicationAuthor, PublicationPage


def papers_of(member):
    return (
        PublicationPage.objects.live()
        .public()
        .filter(pk__in=PublicationAuthor.objects.filter(member=member).values("page_id"))
        .for_listing()
        .order_by("-publication_date", "-pk")
    )


def paper_entries(member, request):
    entries = []
    for paper in papers_of(member):
        authors = list(paper.authors.all())
        names = [author.name for author in authors]
        bold = {i for i, author in enumerate(authors) if author.member_id == member.pk}
        detail = authors_line(names, bold)
        if paper.authors_cut:
            detail += ", et al."
        entries.append(
            CVEntry(
                title=paper.plain_title,
                title_html=str(paper.title_html),
                print_html=print_html(paper.title),
                url=paper.get_full_url(request),
                when=str(paper.publication_date.year),
                where=paper.venue_line,
                detail=detail,
            )
        )
    return entries


def paper_resume(member, request):
    items = []
    for paper in papers_of(member):
        item = {
            "name": paper.plain_title,
            "releaseDate": "-".join(f"{part:02d}" for part in paper.date_parts),
            "url": paper.get_full_url(request),
        }
        if paper.venue:
            item["publisher"] = paper.venue
        items.append(item)
    return {"publications": items}


def papers_section():
    return CVSection("publications", _("Publications"), paper_entries, paper_resume, numbered=True)
