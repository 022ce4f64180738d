"""E-mail from the site: sent by the group's name from the configured sender.

Every message the site sends (Wagtail's moderation notices, invitations, password
resets) goes through ``NamedSenderBackend``: a message from ``DEFAULT_FROM_EMAIL`` with no
name of its own gets the group's name (*Settings → Site settings*), so that it arrives as
"Tegmark AI Safety Group <lab@example.org>"; the backend that delivers it is
``EMAIL_DELIVERY_BACKEND`` (SMTP on a server, the terminal in development).
``sender_problem`` says when the sender is not one a mail server would accept, for the
dashboard and ``manage.py check --deploy``.
"""

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

UNSET_SENDERS = ("webmaster@localhost", "root@localhost")


def site_name(site=None):
    """The group's name (Site settings) of ``site`` (the default site), else
    ``SITE_NAME_FALLBACK``; also while the database cannot say (before its tables exist)."""
    from django.db import DatabaseError
    from wagtail.models import Site

    from .models import SiteSettings

    try:
        site = site or Site.objects.filter(is_default_site=True).first()
        name = SiteSettings.for_site(site).group_name if site is not None else ""
    except DatabaseError:
        name = ""
    return name or settings.SITE_NAME_FALLBACK


def sender_problem():
    """Why the site's sender address would not do for real mail, or "" when it would."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    domain = address.rpartition("@")[2].lower()
    if not address or address.lower() in UNSET_SENDERS or domain in {"localhost", ""}:
        return (
            f"E-mails from the site (invitations, moderation, password resets) are sent from "
            f"“{address or settings.DEFAULT_FROM_EMAIL}”, which mail servers refuse or mark "
            "as spam. Set DEFAULT_FROM_EMAIL to an address of the group's domain (see "
            "docs/deploying.md)."
        )
    return ""


class NamedSenderBackend(BaseEmailBackend):
    """``EMAIL_DELIVERY_BACKEND``, with the group's name on messages from the site's sender."""

    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.delivery = get_connection(
            settings.EMAIL_DELIVERY_BACKEND, fail_silently=fail_silently, **kwargs
        )

    def open(self):
        return self.delivery.open()

    def close(self):
        return self.delivery.close()

    def send_messages(self, email_messages):
        default = parseaddr(settings.DEFAULT_FROM_EMAIL)
        named = None
        for message in email_messages:
            name, address = parseaddr(message.from_email)
            if not name and address == default[1]:
                if named is None:
                    named = formataddr((default[0] or site_name(), address))
                message.from_email = named
        return self.delivery.send_messages(email_messages)
