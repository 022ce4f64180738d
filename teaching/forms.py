"""The course's admin form."""

from django.utils.translation import gettext_lazy as _

from people.contributions import ContributionFormMixin
from scholarly_text.forms import LatexTitlePageForm


class CoursePageForm(ContributionFormMixin, LatexTitlePageForm):
    """A member may propose only a course they teach: their profile must be among its
    teachers (editors may name anyone)."""

    contributor_formset = "teachers"
    contributor_message = _(
        "Add yourself under “Instructors and teaching assistants”: members may propose the "
        "courses they teach; an editor can add others."
    )
