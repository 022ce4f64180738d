from django.http import Http404
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from .exports import bibtex_response
from .listing import filtered_publications
from .models import PublicationIndexPage, PublicationPage


def _live_page(request, path):
    """The live, public page at ``path`` below the site's home page, or None."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    page = Page.objects.filter(url_path=site.root_page.url_path + path).live().public().first()
    return page.specific if page else None


@require_safe
def bibtex(request, path, name):
    """BibTeX at “<paper URL>.bib”, and the (filtered) list at “<list URL>export.bib”."""
    paper = _live_page(request, f"{path}{name}/")
    if isinstance(paper, PublicationPage):
        return bibtex_response([paper], f"{paper.get_bibtex_key()}.bib")
    index = _live_page(request, path) if name == "export" else None
    if isinstance(index, PublicationIndexPage):
        publications, _filters = filtered_publications(index, request.GET)
        return bibtex_response(publications.for_listing(), "publications.bib")
    raise Http404("No publication here.")
