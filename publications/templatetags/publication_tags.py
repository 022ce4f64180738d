"""How lower apps show papers without importing this app: a member's profile loads
``{% member_publications page %}``."""

from django import template

from lab_site.listing_paths import state_path
from lab_site.sections import section_page

from ..models import PublicationAuthor, PublicationIndexPage, PublicationPage

register = template.Library()


@register.simple_tag(takes_context=True)
def export_url(context, publication, extension):
    """A paper's export address ("bib": its BibTeX), as ``PublicationPage.export_url``."""
    return publication.export_url(extension, context.get("request"))


# A profile shows this many of the newest papers; a longer career links to the whole list.
PUBLICATIONS_SHOWN = 20


@register.inclusion_tag("publications/includes/member_publications.html", takes_context=True)
def member_publications(context, member):
    """The member's newest papers, and a link to the list filtered to them when there are more."""
    request = context.get("request")
    publications = (
        PublicationPage.objects.live()
        .public()
        .filter(pk__in=PublicationAuthor.objects.filter(member=member).values("page_id"))
    )
    shown = list(
        publications.for_listing().order_by("-publication_date", "-pk")[:PUBLICATIONS_SHOWN]
    )
    count = len(shown) if len(shown) < PUBLICATIONS_SHOWN else publications.count()
    index = section_page(request, PublicationIndexPage)
    all_url = ""
    if index is not None and count > len(shown):
        all_url = index.get_url(request) + state_path({"member": member.slug})
    return {
        "request": request,
        "member": member,
        "publications": shown,
        "publication_count": count,
        "all_publications_url": all_url,
    }
