from django.core.management.base import BaseCommand, CommandError

from people.invitations import InvitationError, invite_member
from people.models import MemberPage


class Command(BaseCommand):
    help = (
        "Give a member a login to edit their own profile: creates the account, links it to "
        "their member page and e-mails them a link to choose a password."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The member page's slug, e.g. eric-j-michaud.")
        parser.add_argument("email", help="The member's e-mail address.")

    def handle(self, *args, slug, email, **options):
        member = MemberPage.objects.filter(slug=slug).first()
        if member is None:
            known = ", ".join(
                MemberPage.objects.order_by("slug").values_list("slug", flat=True)[:20]
            )
            raise CommandError(
                f"No member page has the slug “{slug}”."
                + (f" Member slugs: {known}." if known else "")
            )
        try:
            user = invite_member(member, email)
        except InvitationError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Invited {member.title}: account “{user.get_username()}” created and linked; "
                f"a set-password e-mail was sent to {user.email}."
            )
        )
