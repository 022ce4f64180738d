"""A grant's report, beside its page: ``<grant>/report.csv`` and ``<grant>/report.bib``.
An address of that shape that is no grant's is a paper's own file (a paper whose address
ends in ``report/`` has its BibTeX at ``…/report.bib``): the publication export answers."""

from django.http import Http404

from lab_site.views import live_page
from publications.views import export

from .models import GrantPage
from .reports import report_response


def report(request, path, export_format):
    grant = live_page(request, path)
    if isinstance(grant, GrantPage):
        return report_response(grant, request, export_format)
    if export_format == "bib":
        return export(request, path, "report", export_format)
    raise Http404("No grant here.")
