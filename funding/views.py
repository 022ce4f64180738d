"""A grant's report, beside its page: ``<grant>/report.csv`` and ``<grant>/report.bib``."""

from django.http import Http404

from lab_site.views import live_page

from .models import GrantPage
from .reports import report_response


def report(request, path, export_format):
    grant = live_page(request, path)
    if not isinstance(grant, GrantPage):
        raise Http404("No grant here.")
    return report_response(grant, request, export_format)
