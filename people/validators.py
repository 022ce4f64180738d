"""Validation of member profile links, with messages a member understands."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class ProfileURLValidator:
    """Accept only addresses on one of ``hosts`` (and their subdomains), over http(s)."""

    def __init__(self, service, hosts, example):
        self.service = service
        self.hosts = tuple(hosts)
        self.example = example

    def __call__(self, value):
        host = (urlsplit(value).hostname or "").lower()
        if not any(self._matches(host, allowed) for allowed in self.hosts):
            raise ValidationError(
                _("This is not a %(service)s address. Paste the full address, e.g. %(example)s."),
                code="wrong_host",
                params={"service": self.service, "example": self.example},
            )

    @staticmethod
    def _matches(host, allowed):
        if allowed.endswith(".*"):  # Google's country domains: .com, .de, .co.uk, .com.au
            stem = re.escape(allowed[:-2])
            return (
                re.fullmatch(rf"{stem}\.(?:com|[a-z]{{2}}|co\.[a-z]{{2}}|com\.[a-z]{{2}})", host)
                is not None
            )
        return host == allowed or host.endswith("." + allowed)

    def __eq__(self, other):
        return isinstance(other, ProfileURLValidator) and (
            self.service,
            self.hosts,
            self.example,
        ) == (other.service, other.hosts, other.example)


ORCID_RE = re.compile(
    r"^(?:https?://(?:www\.)?orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/?$", re.I
)


def orcid_checksum_ok(identifier):
    """ISO 7064 MOD 11-2 check digit, as ORCID defines it."""
    digits = identifier.replace("-", "")
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    result = (12 - total % 11) % 11
    check = "X" if result == 10 else str(result)
    return digits[-1].upper() == check


def normalise_orcid(value):
    """An ORCID iD or its address, as the canonical https://orcid.org/… address."""
    match = ORCID_RE.match(value.strip())
    if not match or not orcid_checksum_ok(match.group(1)):
        raise ValidationError(
            _(
                "This is not a valid ORCID iD. It looks like 0000-0002-1825-0097 "
                "or https://orcid.org/0000-0002-1825-0097."
            ),
            code="invalid_orcid",
        )
    return f"https://orcid.org/{match.group(1).upper()}"


def validate_orcid(value):
    normalise_orcid(value)


x_validator = ProfileURLValidator("X (Twitter)", ["x.com", "twitter.com"], "https://x.com/username")
github_validator = ProfileURLValidator("GitHub", ["github.com"], "https://github.com/username")
scholar_validator = ProfileURLValidator(
    "Google Scholar",
    ["scholar.google.*"],
    "https://scholar.google.com/citations?user=…",
)
linkedin_validator = ProfileURLValidator(
    "LinkedIn", ["linkedin.com"], "https://www.linkedin.com/in/username"
)
