"""Teaching: the courses the group's members teach, each a page with its terms, its
instructors and teaching assistants (members or guests), its materials and syllabus.
Members may propose the courses they teach, which an editor approves (as with news)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from lab_site.blocks import TEXT_FEATURES
from lab_site.models import BasePage
from lab_site.query import SitePageManager
from lab_site.structured_data import organization, person
from people.contributions import (
    ContributionIndexPermissionTester,
    ContributionPermissionTester,
    check_contribution,
)
from scholarly_text.blocks import StoryBlocks
from scholarly_text.written import LatexSummary

from .blocks import MaterialBlocks
from .forms import CoursePageForm


class Season(models.TextChoices):
    """A term's season, in the order of the calendar year."""

    WINTER = "winter", _("Winter")
    SPRING = "spring", _("Spring")
    SUMMER = "summer", _("Summer")
    FALL = "fall", _("Fall")


# When a term is over (month, day), so that a course moves from "current" to "past".
SEASON_ENDS = {
    Season.WINTER: (3, 31),
    Season.SPRING: (5, 31),
    Season.SUMMER: (8, 31),
    Season.FALL: (12, 31),
}
SEASON_ORDER = {season: rank for rank, season in enumerate(Season.values)}


class CourseLevel(models.TextChoices):
    UNDERGRADUATE = "undergraduate", _("Undergraduate")
    GRADUATE = "graduate", _("Graduate")
    MIXED = "mixed", _("Undergraduate and graduate")
    SCHOOL = "school", _("Summer school or workshop")
    PUBLIC = "public", _("Open to everyone")


class CourseMode(models.TextChoices):
    IN_PERSON = "onsite", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("In person and online")


class TeacherRole(models.TextChoices):
    INSTRUCTOR = "instructor", _("Instructor")
    ASSISTANT = "assistant", _("Teaching assistant")


class TeachingIndexPage(BasePage):
    """The teaching page: the courses taught now or next, then past courses by term."""

    page_description = _(
        "The Teaching section: the courses the group's members teach, current ones first, "
        "then past ones by term."
    )

    show_in_menus_default = True  # a new section joins the menu (once it lists something)

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Optional text shown above the courses."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["teaching.CoursePage"]
    max_count = 1
    template = "teaching/teaching_index_page.html"

    class Meta:
        verbose_name = _("teaching page")

    def permissions_for_user(self, user):
        return ContributionIndexPermissionTester(user, self)

    def view_cache_vary(self, request):
        # Which courses are current changes with the day, not only with a publish.
        return date.today().isoformat()

    def courses(self):
        return CoursePage.objects.child_of(self).live().public()

    @classmethod
    def navigation_entries(cls):
        """The menu links to the teaching only once there is a course."""
        return CoursePage.objects.live().public()

    def get_fallback_description(self):
        return "The courses the group's members teach."

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        courses = list(self.courses().prefetch_related("terms", "teachers__member"))
        today = date.today()
        current, past = [], {}
        for course in courses:
            terms = course.sorted_terms()
            upcoming = [term for term in terms if not term.is_over(today)]
            if upcoming or not terms:
                current.append((upcoming[-1] if upcoming else None, course))
            for term in terms:
                if term.is_over(today):
                    past.setdefault(term.sort_key(), (term, []))[1].append(course)
        current.sort(key=lambda pair: (pair[0].sort_key() if pair[0] else (0, 0), pair[1].title))
        context["current"] = current
        context["past"] = [
            (term, sorted(items, key=lambda course: (course.code, course.title)))
            for _key, (term, items) in sorted(past.items(), reverse=True)
        ]
        context["courses"] = courses
        return context


class CoursePage(LatexSummary, BasePage):
    """One course: its code, level, terms, teachers, description, materials and syllabus."""

    page_description = _(
        "A course: its code, level, the terms it was taught, its instructors and teaching "
        "assistants, materials and syllabus. Members may propose the courses they teach."
    )

    objects = SitePageManager()

    code = models.CharField(
        _("course code"),
        max_length=40,
        blank=True,
        help_text=_("Optional: the university's code, e.g. “8.S50” or “CS 229”."),
    )
    level = models.CharField(
        _("level"), max_length=20, choices=CourseLevel.choices, default=CourseLevel.GRADUATE
    )
    mode = models.CharField(
        _("taught"), max_length=20, choices=CourseMode.choices, default=CourseMode.IN_PERSON
    )
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_(
            "One or two sentences shown in the list of courses. Formulas may be written as in "
            "LaTeX, between dollar signs: $E=mc^2$."
        ),
    )
    description = StreamField(
        StoryBlocks(),
        blank=True,
        verbose_name=_("description"),
        help_text=_("Optional: what the course covers and who it is for, with formulas."),
    )
    course_url = models.URLField(
        _("course website"),
        blank=True,
        help_text=_("Optional: the course's own site or its page in the university's catalogue."),
    )
    materials = StreamField(
        MaterialBlocks(),
        blank=True,
        verbose_name=_("materials"),
        help_text=_("Optional: slides, notes and problem sets, uploaded or linked."),
    )
    syllabus = RichTextField(
        _("syllabus"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Optional: the topics week by week, readings and how the course is graded."),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("code"), FieldPanel("level"), FieldPanel("mode")]),
        FieldPanel("summary"),
        InlinePanel(
            "terms",
            heading=_("Terms taught"),
            label=_("Term"),
            help_text=_(
                "One entry for each term it was or will be taught. The teaching page lists it "
                "as current until its last term ends (winter: end of March, spring: end of "
                "May, summer: end of August, fall: end of December)."
            ),
        ),
        InlinePanel(
            "teachers",
            heading=_("Instructors and teaching assistants"),
            label=_("Person"),
            help_text=_("Group members or guests; members' profiles list the course."),
        ),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("course_url"), FieldPanel("materials")],
            heading=_("Website and materials"),
        ),
        FieldPanel("syllabus"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("code", boost=2),
        index.SearchField("plain_summary"),
        index.SearchField("description"),
        index.SearchField("syllabus"),
        index.FilterField("level"),
    ]

    parent_page_types = ["teaching.TeachingIndexPage"]
    subpage_types = []
    template = "teaching/course_page.html"
    base_form_class = CoursePageForm

    class Meta:
        verbose_name = _("course")

    def view_cache_vary(self, request):
        # Its own content and what it links to: the content generation covers both.
        return ""

    def permissions_for_user(self, user):
        return ContributionPermissionTester(user, self)

    def save_revision(self, user=None, *args, **kwargs):
        """A member's revision must list them among the teachers (reverts and workflow
        actions come here too)."""
        check_contribution(user, [t.member_id for t in self.teachers.all() if t.member_id], self)
        return super().save_revision(user, *args, **kwargs)

    def sorted_terms(self):
        """Its terms, oldest first."""
        return sorted(self.terms.all(), key=lambda term: term.sort_key())

    def latest_term(self):
        terms = self.sorted_terms()
        return terms[-1] if terms else None

    def teachers_by_role(self):
        """[(role label, [teacher rows])] for the roles it has, instructors first."""
        rows = [row for row in self.teachers.all() if row.shown()]
        return [
            (label, [row for row in rows if row.role == role])
            for role, label in (
                (TeacherRole.INSTRUCTOR, _("Instructors")),
                (TeacherRole.ASSISTANT, _("Teaching assistants")),
            )
            if any(row.role == role for row in rows)
        ]

    def heading(self):
        return f"{self.code} {self.plain_title}" if self.code else self.plain_title

    def description_text(self):
        return self.plain_summary

    def json_ld(self, request=None):
        """schema.org Course, with a CourseInstance for each term."""
        teachers = [
            person(row.name, row.profile(), request) for row in self.teachers.all() if row.shown()
        ]
        data = {
            "@context": "https://schema.org",
            "@type": "Course",
            "name": self.plain_title,
            "description": self.plain_summary,
            "url": self.get_full_url(request),
            "educationalLevel": self.get_level_display(),
        }
        if self.code:
            data["courseCode"] = self.code
        if request is not None:
            data["provider"] = organization(request)
        instances = [
            {
                "@type": "CourseInstance",
                "name": str(term),
                "courseMode": self.mode,
                **({"instructor": teachers} if teachers else {}),
                **({"url": term.url} if term.url else {}),
            }
            for term in reversed(self.sorted_terms())
        ]
        if instances:
            data["hasCourseInstance"] = instances
        if self.course_url:
            data["sameAs"] = self.course_url
        return data


def courses_taught_by(member):
    """The live courses ``member`` teaches or taught, the most recently taught first:
    [(course, their roles, its terms oldest first)] (their profile and their CV)."""
    courses = (
        CoursePage.objects.live()
        .public()
        .filter(teachers__member=member)
        .distinct()
        .prefetch_related("terms", "teachers")
    )
    rows = []
    for course in courses:
        roles = sorted(
            {row.get_role_display() for row in course.teachers.all() if row.member_id == member.pk}
        )
        rows.append((course, roles, course.sorted_terms()))
    rows.sort(key=lambda row: row[2][-1].sort_key() if row[2] else (0, 0), reverse=True)
    return rows


class CourseTerm(Orderable):
    """One term a course was or will be taught."""

    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="terms")
    season = models.CharField(_("term"), max_length=10, choices=Season.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2999)]
    )
    url = models.URLField(
        _("link"),
        blank=True,
        help_text=_("Optional: this term's own page (its schedule or course site)."),
    )

    panels = [FieldRowPanel([FieldPanel("season"), FieldPanel("year")]), FieldPanel("url")]

    def __str__(self):
        return f"{self.get_season_display()} {self.year}"

    def sort_key(self):
        return (self.year, SEASON_ORDER.get(self.season, 0))

    def ends(self):
        month, day = SEASON_ENDS.get(self.season, (12, 31))
        return date(self.year, month, day)

    def is_over(self, today):
        return self.ends() < today


class CourseTeacher(Orderable):
    """An instructor or teaching assistant: a group member, or a guest by name."""

    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="teachers")
    member = models.ForeignKey(
        "people.MemberPage",
        verbose_name=_("group member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teaching",
    )
    guest_name = models.CharField(
        _("or a guest's name"),
        max_length=200,
        blank=True,
        help_text=_("For someone outside the group."),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=TeacherRole.choices, default=TeacherRole.INSTRUCTOR
    )

    panels = [
        PageChooserPanel("member", "people.MemberPage"),
        FieldRowPanel([FieldPanel("guest_name"), FieldPanel("role")]),
    ]

    completeness_deferred = False  # while a draft is saved (lab_site.models.BasePage)

    @property
    def name(self):
        if self.member_id:
            return self.member.title
        return self.guest_name

    def shown(self):
        """A member, or a guest with a name (a row left empty in a draft is not)."""
        return bool(self.member_id or self.guest_name.strip())

    def profile(self):
        """The member's page when it is live, to link to."""
        return self.member if self.member_id and self.member.live else None

    def clean(self):
        if not self.member_id and not self.guest_name.strip() and not self.completeness_deferred:
            raise ValidationError(
                {"guest_name": _("Choose a group member or type the guest's name.")}
            )
