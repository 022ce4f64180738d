"""A grant's report: its outputs in a period, as CSV (for a spreadsheet) and BibTeX (for
a reference manager or a LaTeX report). ``?from=2024-01-01&to=2024-12-31`` (or years,
``?from=2024&to=2024``) picks the period; without one, the whole grant.

The CSV is what Excel, LibreOffice and Google Sheets open as they are: UTF-8 with a byte
order mark (Excel reads UTF-8 only with one), CRLF line ends, every row as wide as the
header, and cells a spreadsheet would run as a formula (=, +, -, @ first) written as text.
"""

import csv
import datetime
import io
import re

from django import forms
from django.http import HttpResponse

from lab_site.forms import PublicQueryForm
from publications.list_exports import list_export

HEADER = [
    "Output",
    "Title",
    "Authors",
    "Date",
    "Venue",
    "DOI",
    "arXiv",
    "Link",
    "Group members",
]
YEAR = re.compile(r"^\s*(\d{4})\s*$")


class PeriodField(forms.DateField):
    """A day (2024-03-01) or a year (2024: its first day for ``from``, its last for ``to``)."""

    def __init__(self, *, end, **kwargs):
        self.end = end
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and (match := YEAR.match(value)):
            year = int(match.group(1))
            if not 1900 <= year <= 2999:
                raise forms.ValidationError("not a year")
            return datetime.date(year, 12, 31) if self.end else datetime.date(year, 1, 1)
        return super().to_python(value)


class PeriodForm(PublicQueryForm):
    start = PeriodField(end=False)
    end = PeriodField(end=True)

    def __init__(self, query):
        super().__init__({"start": query.get("from", ""), "end": query.get("to", "")})


def period_of(query):
    """(start, end, problems): the period asked for; a value that is no date is named in
    ``problems`` and left out."""
    form = PeriodForm(query)
    values = form.values()
    problems = [
        f"“{form.raw(name)}” is not a date (write 2024 or 2024-03-01)"
        for name in ("start", "end")
        if name in form.errors
    ]
    start, end = values["start"], values["end"]
    if start and end and end < start:
        problems.append("the period ends before it starts")
        start = end = None
    return start, end, problems


def _in(day, start, end):
    return day is not None and (start is None or day >= start) and (end is None or day <= end)


def _safe(value):
    """A cell a spreadsheet keeps as text (no formula)."""
    value = " ".join(str(value).split())
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def rows(grant, start=None, end=None):
    """The report's rows (after the header): papers, then projects, then talks."""
    papers = grant.papers_in(start, end).prefetch_related("authors__member")
    lines = []
    for paper in papers:
        authors = list(paper.authors.all())
        members = [author.member.title for author in authors if author.member_id]
        lines.append(
            [
                paper.get_publication_type_display(),
                paper.plain_title,
                "; ".join(author.name for author in authors),
                paper.publication_date.isoformat(),
                paper.venue_line,
                paper.doi,
                paper.arxiv_id,
                paper.get_full_url(),
                "; ".join(members),
            ]
        )
    for project in grant.related_projects():  # ongoing work: in every period
        lines.append(
            [
                project.get_kind_display(),
                project.title,
                "",
                "",
                "",
                "",
                "",
                project.get_full_url(),
                "; ".join(member.title for member in project.related_members()),
            ]
        )
    for event in grant.related_talks():
        if not _in(event.date, start, end):
            continue
        lines.append(
            [
                event.get_kind_display(),
                event.title,
                "; ".join(speaker.name for speaker in event.speakers.all()),
                event.date.isoformat(),
                event.location,
                "",
                "",
                event.get_full_url(),
                "; ".join(
                    speaker.member.title for speaker in event.speakers.all() if speaker.member_id
                ),
            ]
        )
    return lines


def report_csv(grant, start=None, end=None):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for line in rows(grant, start, end):
        writer.writerow([_safe(value) for value in line])
    return "\ufeff" + buffer.getvalue()


def report_bibtex(grant, start=None, end=None):
    text = list_export(grant.papers_in(start, end), "bib")
    return text if text.strip() else "% No papers in this period.\n"


def _filename(grant, start, end, extension):
    name = re.sub(r"[^A-Za-z0-9]+", "-", f"{grant.funder_name} {grant.award_number}").strip("-")
    span = "-".join(day.isoformat() for day in (start, end) if day)
    return f"{name or 'grant'}{'-' + span if span else ''}.{extension}"


def report_response(grant, request, export_format):
    start, end, problems = period_of(request.GET)
    if problems:
        return HttpResponse(
            "The report's period could not be read: " + "; ".join(problems) + ".\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    if export_format == "csv":
        body, content_type = report_csv(grant, start, end), "text/csv; charset=utf-8"
    else:
        body, content_type = report_bibtex(grant, start, end), "application/x-bibtex; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    disposition = "attachment" if request.GET else "inline"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{_filename(grant, start, end, export_format)}"'
    )
    return response
