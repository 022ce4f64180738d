"""The mixin of page types whose title and text are written with LaTeX."""

from django.utils.functional import cached_property

from . import latex


class WrittenWithLatex:
    """A page type whose title and text fields (``latex_fields``) are written with LaTeX:
    the title as HTML with MathML and as plain text (for <title>, feeds and the admin's
    listings), and whether the page shows a formula (it then preloads the math font)."""

    latex_fields = ("title",)

    @cached_property
    def title_html(self):
        return latex.render(self.title)

    def title_as_text(self, title):
        return latex.plain_text(title)

    @property
    def has_math(self):
        return any("<math" in latex.render(getattr(self, name) or "") for name in self.latex_fields)


class LatexSummary(WrittenWithLatex):
    """A page type whose title and one-paragraph ``summary`` are written with LaTeX (news
    items, projects): the summary as HTML with MathML for the page and its cards, and as
    plain text for search, feeds and meta tags."""

    latex_fields = ("title", "summary")

    @cached_property
    def summary_html(self):
        return latex.render(self.summary)

    @property
    def plain_summary(self):
        return latex.plain_text(self.summary)
