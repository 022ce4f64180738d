from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_safe

from lab_site.static_copy import prepares_pages, rendering, renders_in_bulk
from lab_site.views import live_page
from scholarly_text.derived import NotReady

from .list_exports import entries_of, joined, list_export
from .listing import filtered_publications
from .models import PublicationIndexPage, PublicationPage

# Export formats: content type, file extension, and how to write a list of papers.
FORMATS = {
    "bib": ("application/x-bibtex", "bib"),
    "ris": ("application/x-research-info-systems", "ris"),
    "json": ("application/vnd.citationstyles.csl+json", "json"),
    "txt": ("text/plain", "txt"),
}


@require_safe
def export(request, path, name, export_format):
    """A paper at “<paper URL>.bib” (or .ris, .json: CSL-JSON; .txt: a formatted reference,
    ``?style=apa|ieee|chicago``), and the (filtered) list at “<list URL>export.bib” etc."""
    from .citations import STYLES

    style = request.GET.get("style", "apa")
    if export_format == "txt" and style not in STYLES:
        return HttpResponseBadRequest(
            f"Unknown style “{style[:40]}”: choose one of {', '.join(STYLES)}.",
            content_type="text/plain; charset=utf-8",
        )
    paper = live_page(request, f"{path}{name}/")
    if isinstance(paper, PublicationPage):
        found, filename = PublicationPage.objects.filter(pk=paper.pk), paper.get_bibtex_key()
    else:
        index = live_page(request, path) if name == "export" else None
        if not isinstance(index, PublicationIndexPage):
            raise Http404("No publication here.")
        found, _filters = filtered_publications(index, request.GET)
        filename = "publications"
    # A visitor's request makes at most a budget of entries (the rest were made when their
    # papers were published); the static copy's build makes them all.
    budget = None if rendering() else settings.EXPORT_ENTRIES_PER_REQUEST
    try:
        # From the papers' entries, each kept by what it is made from.
        body = list_export(found, export_format, style, budget)
    except NotReady as progress:
        response = HttpResponse(
            f"The list is being prepared: {progress.ready} of {progress.total} entries are "
            "ready. Reload in a few seconds.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "2"
        return response
    return _export_response(body, export_format, filename)


def _export_response(body, export_format, filename):
    content_type, extension = FORMATS[export_format]
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.{extension}"'
    return response


@renders_in_bulk("publication_export")
def exports_in_bulk(site, wanted):
    """The static copy's papers' own exports (``export`` for a paper, without a query),
    from their entries: a query and a cache read per format for all the papers."""
    by_format = {}
    for address, arguments in wanted.items():
        url_path = f"{site.root_page.url_path}{arguments['path']}{arguments['name']}/"
        by_format.setdefault(arguments["export_format"], {})[url_path] = address
    made = {}
    for export_format, addresses in by_format.items():
        papers = PublicationPage.objects.live().public().filter(url_path__in=addresses)
        found = {
            pk: (url_path, key)
            for pk, url_path, key in papers.values_list("pk", "url_path", "bibtex_key")
        }
        for pk, entry in entries_of(papers, export_format).items():
            url_path, key = found[pk]
            key = key or PublicationPage.objects.get(pk=pk).get_bibtex_key()
            response = _export_response(joined(export_format, "apa", [entry]), export_format, key)
            made[addresses[url_path]] = (response["Content-Type"], response.content)
    return made


def _records(source, text):
    """(records, lines naming the entries that gave none and why) of what was uploaded."""
    from .importers import arxiv, bibtex, crossref

    if source == "bibtex":
        return bibtex.read(text)
    items = text.replace(",", " ").split()
    return (arxiv.fetch(items) if source == "arxiv" else crossref.fetch(items)), []


def import_publications(request):
    """Editors: upload or paste, see what would be created, updated or skipped, then confirm."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import redirect
    from django.template.response import TemplateResponse

    from .import_forms import SOURCES, ImportForm
    from .importers import ImportProblem
    from .importing import plan, summary_text
    from .tasks import start_import

    index = PublicationIndexPage.writable_by(request.user)
    if index is None:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    actions, problem, not_imported = None, None, []
    if request.method == "POST" and form.is_valid():
        source, text = form.cleaned_data["source"], form.cleaned_data["text"]
        try:
            records, not_imported = _records(source, text)
            actions = plan(records, index)
            if not any(action.kind != "listed" for action in actions):
                # Not one entry can be imported: say why, entry by entry.
                raise ImportProblem(
                    "\n".join(
                        [*not_imported] + [f"{a.record.source}: {a.reason}." for a in actions]
                    )
                    or "There is nothing to import."
                )
            if "confirm" in request.POST:
                label = str(dict(SOURCES).get(source, source))
                run = start_import(
                    records, source=label, user=request.user, not_imported=not_imported
                )
                if run.status == run.Status.DONE:
                    summary = {**run.summary, "listed": len(run.not_imported)}
                    messages.success(request, f"Imported: {summary_text(summary)}.")
                return redirect("publications_import_run", run.pk)
        except ImportProblem as error:
            problem = str(error).splitlines()
            actions, not_imported = None, []
    return TemplateResponse(
        request,
        "publications/admin/import.html",
        {
            "form": form,
            "actions": actions,
            "not_imported": not_imported,
            "problem": problem,
            "index": index,
            "page_title": "Import publications",
            "header_title": "Import publications",
            "header_icon": "download",
            "text": form.cleaned_data.get("text", "") if form.is_bound and form.is_valid() else "",
        },
    )


def import_run(request, run_id):
    """Editors: how far an import has got, and what came of it."""
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import get_object_or_404
    from django.template.response import TemplateResponse

    from .models import ImportRun
    from .runs import fail_abandoned, progress

    fail_abandoned()
    index = PublicationIndexPage.writable_by(request.user)
    if index is None:
        raise PermissionDenied
    run = get_object_or_404(ImportRun, pk=run_id)
    done = progress(run)
    written_ids = (run.summary or {}).get("pages", {})
    written = [
        (heading, _pages_in_order(written_ids.get(kind, [])))
        for kind, heading in (("create", "Created"), ("update", "Updated"))
    ]
    return TemplateResponse(
        request,
        "publications/admin/import_run.html",
        {
            "run": run,
            "index": index,
            "done": done,
            "percent": done * 100 // run.total if run.total else 100,
            "finished": run.status in {ImportRun.Status.DONE, ImportRun.Status.FAILED},
            "written": written,
            "page_title": "Import publications",
            "header_title": "Import publications",
            "header_icon": "download",
        },
    )


def _pages_in_order(ids):
    """The papers with these ids that still exist, in the order given."""
    pages = PublicationPage.objects.filter(pk__in=ids).in_bulk()
    return [pages[pk] for pk in ids if pk in pages]


@prepares_pages
def references_together(pages):
    """The papers' "Cite" panels (``citations.reference_panel``), formatted together per
    style: citeproc takes half the time per reference in a batch."""
    from .citations import STYLES, formatted

    ids = [page.pk for page in pages if isinstance(page, PublicationPage)]
    if ids:
        papers = list(PublicationPage.objects.filter(pk__in=ids).for_listing())
        for style in STYLES:
            formatted(papers, style)
