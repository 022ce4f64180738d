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


def orcid_digits(value):
    """The bare iD (0000-0002-1825-0097) of a stored ORCID address, or "" for none."""
    match = ORCID_RE.match(value.strip()) if value else None
    return match.group(1).upper() if match else ""


OPENALEX_AUTHOR_RE = re.compile(
    r"^(?:https?://(?:www\.)?openalex\.org/(?:authors/)?)?(A\d{4,12})/?$", re.I
)
ARXIV_AUTHOR_RE = re.compile(
    r"^(?:https?://arxiv\.org/a/)?([a-z][a-z0-9_-]{0,60}_\d{1,3})(?:\.html|\.atom2?)?/?$", re.I
)
SEMANTIC_SCHOLAR_RE = re.compile(
    r"^(?:https?://(?:www\.)?semanticscholar\.org/author/(?:[^/]+/)?)?(\d{1,12})/?$", re.I
)


def _identifier(pattern, message, upper=False):
    def normalise(value):
        match = pattern.match(value.strip())
        if not match:
            raise ValidationError(message, code="invalid")
        found = match.group(1)
        return found.upper() if upper else found.lower()

    return normalise


normalise_openalex_author = _identifier(
    OPENALEX_AUTHOR_RE,
    _(
        "This is not an OpenAlex author id. It looks like A5023888391 or "
        "https://openalex.org/A5023888391."
    ),
    upper=True,
)
normalise_arxiv_author = _identifier(
    ARXIV_AUTHOR_RE,
    _(
        "This is not an arXiv author id. It looks like tegmark_m_1 or "
        "https://arxiv.org/a/tegmark_m_1 (see “My articles” on arXiv)."
    ),
)
normalise_semantic_scholar = _identifier(
    SEMANTIC_SCHOLAR_RE,
    _(
        "This is not a Semantic Scholar author id. It is the number at the end of your author "
        "page's address, e.g. 2110453 or https://www.semanticscholar.org/author/2110453."
    ),
)


def validate_openalex_author(value):
    normalise_openalex_author(value)


def validate_arxiv_author(value):
    normalise_arxiv_author(value)


def validate_semantic_scholar(value):
    normalise_semantic_scholar(value)


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
