"""Pages that name members, papers and highlights (news items, projects) in inline rows."""


def live_targets(rows, field):
    """The live pages ``rows`` point to through ``field``, in the rows' order."""
    pages = (getattr(row, field) for row in rows if getattr(row, f"{field}_id"))
    return [page for page in pages if page.live]


class NamesPeoplePapersHighlights:
    """A page whose inline rows ``people`` (→ ``member``), ``papers`` (→ ``paper``) and
    ``highlights`` (→ ``highlight``) name other pages: the live ones, in the editor's order."""

    def related_members(self):
        return live_targets(self.people.all(), "member")

    def related_papers(self):
        return live_targets(self.papers.all(), "paper")

    def related_highlights(self):
        return live_targets(self.highlights.all(), "highlight")
