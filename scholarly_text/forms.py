"""The admin form of page types whose titles are written with LaTeX."""

from lab_site.page_forms import BasePageForm

from . import latex


class LatexTitlePageForm(BasePageForm):
    """For page types whose titles are written with LaTeX: the address is made from the
    title's words ("$\\alpha$-scaling" → alpha-scaling)."""

    def title_text(self, title):
        return latex.slug_words(title)
