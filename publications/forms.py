from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from scholarly_text.forms import LatexTitlePageForm

from .authors import MemberIndex


class PublicationPageForm(LatexTitlePageForm):
    """Links authors to members when the editor saves; an ambiguous name asks the editor to
    choose."""

    slug_fallback = "paper"

    def is_valid(self):
        # Authors are a formset, cleaned after the page form: link them once everything is valid.
        if not super().is_valid():
            return False
        return self._link_authors()

    def _link_authors(self):
        formset = self.formsets.get("authors")
        if formset is None:
            return True
        valid = True
        index = None
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or data.get("member") or not data.get("name"):
                continue
            index = index or MemberIndex.of_all_members()
            match = index.match(data["name"])
            if match.member is not None:
                data["member"] = match.member
                form.instance.member = match.member
            elif match.ambiguous:
                names = ", ".join(member.title for member in match.candidates)
                valid = False
                form.add_error(
                    "member",
                    ValidationError(
                        _("“%(name)s” could be several members (%(names)s): choose the right one.")
                        % {"name": data["name"], "names": names}
                    ),
                )
        return valid
