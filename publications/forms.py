from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from .authors import MemberIndex


class PublicationPageForm(WagtailAdminPageForm):
    """Links authors to members when the editor saves; an ambiguous name asks the editor to choose."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("authors")
        if formset is None:
            return cleaned_data
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
                form.add_error(
                    "member",
                    ValidationError(
                        _("“%(name)s” could be several members (%(names)s): choose the right one.")
                        % {"name": data["name"], "names": names}
                    ),
                )
        return cleaned_data
