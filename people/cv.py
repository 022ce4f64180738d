"""A member's CV, composed from the site's own data: the profile (positions, education,
time in the group) and what other apps know of the member (papers, awards, talks,
teaching, projects), ordered and trimmed as the member chose, with their own free
sections. Shown at ``<profile>cv/``, and downloadable as a PDF and as JSON Resume.

Apps above this one add their sections through the ``register_cv_section`` hook (as the
site search's kinds do), so this app never imports them: each hook returns a
``CVSection`` whose ``entries(member, request)`` gives the lines and whose
``resume(member, request)`` gives its part of the JSON Resume document."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

HOOK = "register_cv_section"
RESUME_SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


@dataclass(frozen=True)
class CVEntry:
    """One line of a CV: what (as text, and as HTML where it has formulas), when, where,
    and a detail line (a paper's authors, with the member's name in bold)."""

    title: str
    title_html: str = ""  # with MathML, for the page
    print_html: str = ""  # with <sup> and <sub>, for the PDF (which draws no MathML)
    url: str = ""
    when: str = ""
    where: str = ""
    detail: str = ""  # HTML, already escaped

    @property
    def shown_title(self):
        return mark_safe(self.title_html) if self.title_html else self.title  # noqa: S308

    @property
    def printed_title(self):
        return mark_safe(self.print_html) if self.print_html else self.title  # noqa: S308


@dataclass(frozen=True)
class CVSection:
    key: str
    label: str
    entries: Callable
    resume: Callable = field(default=lambda member, request: {})
    numbered: bool = False  # papers are numbered, newest first


def sections():
    """Every kind of section, in the hooks' order."""
    return [hook() for hook in hooks.get_hooks(HOOK)]


def section_choices():
    """The sections a member may order or hide (the CV layout block's choices)."""
    return [(section.key, section.label) for section in sections()]


@dataclass
class ComposedSection:
    key: str
    heading: str
    entries: list = field(default_factory=list)
    html: str = ""  # a member's free section
    numbered: bool = False


def layout_of(member):
    """[(key, shown, free block)] from the member's CV layout, then every section they did
    not mention, in the default order (a kind added later shows without their doing)."""
    known = {section.key for section in sections()}
    chosen, mentioned = [], set()
    for block in member.cv_layout or []:
        if block.block_type == "section":
            key = block.value.get("section")
            if key in known and key not in mentioned:
                mentioned.add(key)
                chosen.append((key, not block.value.get("hide"), None))
        elif block.block_type == "free":
            chosen.append((None, True, block.value))
    chosen += [(section.key, True, None) for section in sections() if section.key not in mentioned]
    return chosen


def compose(member, request):
    """The CV's sections, in the member's order, those with nothing to show left out."""
    by_key = {section.key: section for section in sections()}
    composed = []
    for key, shown, free in layout_of(member):
        if free is not None:
            if free.get("heading") and free.get("body"):
                composed.append(
                    ComposedSection("free", free["heading"], html=free["body"].__html__())
                )
            continue
        if not shown:
            continue
        section = by_key[key]
        entries = section.entries(member, request)
        if entries:
            composed.append(
                ComposedSection(key, str(section.label), entries, numbered=section.numbered)
            )
    return composed


def resume(member, request):
    """The member's CV as a JSON Resume document (jsonresume.org), the shown sections only."""
    from lab_site.text import html_to_text

    basics = {"name": member.title, "label": member.role_label}
    if member.is_alumnus() and member.now_position:
        basics["label"] = member.now_position
    basics["url"] = member.website or member.get_full_url(request)
    if member.email:
        basics["email"] = member.email
    if member.bio:
        basics["summary"] = html_to_text(member.bio)
    if member.photo_id:
        basics["image"] = member.photo.get_rendition("format-jpeg|fill-320x320").full_url
    basics["profiles"] = [
        {"network": str(label), "url": url}
        for kind, label, url in member.links()
        if kind not in {"email", "website"}
    ]
    document = {"$schema": RESUME_SCHEMA, "basics": basics}
    by_key = {section.key: section for section in sections()}
    for key, shown, free in layout_of(member):
        if free is not None or not shown:
            continue
        for part, items in by_key[key].resume(member, request).items():
            if items:
                document.setdefault(part, []).extend(items)
    document["meta"] = {
        "canonical": request.build_absolute_uri(cv_address(member) + ".resume.json")
    }
    if member.last_published_at:
        document["meta"]["lastModified"] = member.last_published_at.isoformat(timespec="seconds")
    return document


def cv_address(member):
    """The CV page's address without its slash (“/people/ziming-liu/cv”); the files are
    beside it (“…/cv.pdf”, “…/cv.resume.json”), so that the static copy's update of the page
    also brings them up to date."""
    return member.url.rstrip("/") + "/cv"


def year_span(start, end, present=None):
    """“2019–2023”, “2021–present”, “2020”: a span of years (either end may be missing)."""
    if start and end:
        return str(start) if start == end else f"{start}–{end}"
    if start:
        return f"{start}–{present or _('present')}"
    return str(end or "")


def authors_line(names, bold):
    """The authors as HTML, the names in ``bold`` (the member's own) in bold."""
    return format_html_join(
        ", ",
        "{}",
        ((format_html("<strong>{}</strong>", n) if i in bold else n,) for i, n in enumerate(names)),
    )


# --- the profile's own sections ------------------------------------------------------------


def _group_name(request):
    from lab_site.models import SiteSettings

    return SiteSettings.for_request(request).group_name or ""


def position_entries(member, request):
    """The member's time in the group (their role, from–to), then their other positions,
    newest first; for alumni, where they are now comes first."""
    entries = []
    if member.is_alumnus() and (member.now_position or member.now_organisation):
        entries.append(
            CVEntry(
                title=member.now_position or str(_("Position")),
                where=member.now_organisation,
                when=year_span(member.now_since, None),
                url=member.now_url,
            )
        )
    group = _group_name(request)
    start = member.start_date.year if member.start_date else None
    end = member.end_date.year if member.is_alumnus() and member.end_date else None
    entries.append(
        CVEntry(
            title=member.role_label,
            where=group,
            when=year_span(start, end) if start or end else "",
        )
    )
    for position in member.positions.all():
        entries.append(
            CVEntry(
                title=position.title,
                where=position.organisation,
                when=year_span(position.start_year, position.end_year),
                url=position.url,
            )
        )
    return entries


def position_resume(member, request):
    group = _group_name(request)
    work = []
    if member.is_alumnus() and member.now_organisation:
        item = {"name": member.now_organisation, "position": member.now_position or ""}
        if member.now_since:
            item["startDate"] = str(member.now_since)
        if member.now_url:
            item["url"] = member.now_url
        work.append(item)
    here = {"name": group, "position": member.role_label, "url": request.build_absolute_uri("/")}
    if member.start_date:
        here["startDate"] = member.start_date.isoformat()
    if member.is_alumnus() and member.end_date:
        here["endDate"] = member.end_date.isoformat()
    work.append(here)
    for position in member.positions.all():
        item = {"name": position.organisation, "position": position.title}
        if position.start_year:
            item["startDate"] = str(position.start_year)
        if position.end_year:
            item["endDate"] = str(position.end_year)
        if position.url:
            item["url"] = position.url
        work.append(item)
    return {"work": work}


def education_entries(member, request):
    return [
        CVEntry(
            title=", ".join(part for part in (row.degree, row.field) if part),
            where=row.institution,
            when=year_span(row.start_year, row.end_year),
            detail=format_html("{}", row.thesis) if row.thesis else "",
        )
        for row in member.education.all()
    ]


def education_resume(member, request):
    items = []
    for row in member.education.all():
        item = {"institution": row.institution, "studyType": row.degree}
        if row.field:
            item["area"] = row.field
        if row.start_year:
            item["startDate"] = str(row.start_year)
        if row.end_year:
            item["endDate"] = str(row.end_year)
        items.append(item)
    return {"education": items}


def positions_section():
    return CVSection("positions", _("Positions"), position_entries, position_resume)


def education_section():
    return CVSection("education", _("Education"), education_entries, education_resume)
