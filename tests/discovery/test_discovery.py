"""discover_publications on the demo, fed recorded ORCID, OpenAlex, arXiv and Crossref
answers by a real HTTP server on loopback: what it proposes, what it remembers, how it
survives a failing source."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from discovery.models import CitationCount, DiscoveryRun, Suggestion
from people.models import MemberPage
from publications.models import PublicationPage
from tests.publications.recorded_sources import Sources

ZIMING = "0000-0002-1825-0097"
ERIC = "0000-0001-5109-3700"


@pytest.fixture
def two_members(demo_site):
    """Ziming Liu (ORCID and arXiv author id) and Eric J. Michaud (ORCID) on the demo."""
    ziming = MemberPage.objects.get(title="Ziming Liu")
    ziming.orcid = f"https://orcid.org/{ZIMING}"
    ziming.arxiv_author_id = "liu_z_1"
    ziming.save()
    eric = MemberPage.objects.get(title="Eric J. Michaud")
    eric.orcid = f"https://orcid.org/{ERIC}"
    eric.save()
    return ziming, eric


def discover(*args):
    out = StringIO()
    call_command("discover_publications", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def pending(kind):
    return Suggestion.objects.filter(kind=kind, status=Suggestion.Status.PENDING)


def test_two_members_get_exactly_the_expected_new_papers_and_enrichments(sources, two_members):
    before = PublicationPage.objects.count()
    output = discover()

    new = {s.title: s for s in pending(Suggestion.Kind.NEW)}
    assert sorted(new) == [
        "Machine Learning Conservation Laws from Trajectories",
        "Machine-learning hidden symmetries",
        "Quantum-inspired Hamiltonian Monte Carlo for Bayesian sampling",
        "Understanding Learned Reward Functions",
    ]
    enrich = {s.page.title: s.fills for s in pending(Suggestion.Kind.ENRICH)}
    assert sorted(enrich) == [
        "Poisson Flow Generative Models",
        "The Quantization Model of Neural Scaling",
    ]
    assert sorted(enrich["Poisson Flow Generative Models"]) == ["arxiv_id", "authors", "pdf_url"]
    assert enrich["Poisson Flow Generative Models"]["authors"]["new"] == (
        "Yilun Xu, Ziming Liu, Max Tegmark, Tommi Jaakkola"
    )
    assert sorted(enrich["The Quantization Model of Neural Scaling"]) == ["arxiv_id", "pdf_url"]
    # Nothing is added to the site before an editor accepts.
    assert PublicationPage.objects.count() == before
    assert "4 new papers suggested, 2 papers to fill in" in output
    assert "1 already on the site" in output  # Omnigrok, on ORCID without ids


def test_a_work_in_all_four_sources_is_one_suggestion_keeping_venue_and_arxiv_id(
    sources, two_members
):
    discover()
    work = Suggestion.objects.get(doi__iexact="10.1103/PhysRevLett.126.180604")
    record = work.record
    assert sorted(work.source_names) == ["Crossref", "ORCID", "OpenAlex", "arXiv"]
    assert record["publication_type"] == "journal"
    assert record["venue"] == "Physical Review Letters"
    assert record["arxiv_id"] == "2011.04698"
    assert record["publication_date"] == "2021-05-06"  # the published version's date
    assert record["authors"] == ["Ziming Liu", "Max Tegmark"]
    assert record["abstract"].startswith("We present AI Poincaré")  # the preprint's
    assert record["pdf_url"] == "https://arxiv.org/pdf/2011.04698v2"


def test_a_work_without_doi_and_duplicates_within_a_source_are_one_suggestion(sources, two_members):
    discover()
    works = Suggestion.objects.filter(title__iexact="Understanding Learned Reward Functions")
    assert works.count() == 1
    work = works.get()
    assert work.doi == "" and work.arxiv_id == "2012.05862"
    assert work.record["publication_type"] == "preprint"
    ids = [item["id"] for item in work.sources if item["source"] == "OpenAlex"]
    assert sorted(ids) == ["W3110000005", "W4220000006"]


def test_an_orcid_only_work_with_a_doi_is_completed_from_crossref(sources, two_members):
    discover()
    work = Suggestion.objects.get(title="Machine-learning hidden symmetries")
    assert work.record["authors"] == ["Ziming Liu", "Max Tegmark"]
    assert not work.record["authors_cut"]
    assert any("/crossref/works/10.1103" in path for path, _agent in sources.requests)


def test_each_member_is_named_with_the_reason(sources, two_members):
    ziming, eric = two_members
    discover()
    quantization = pending(Suggestion.Kind.ENRICH).get(page__title__startswith="The Quantization")
    reasons = {row.member.title: row.reasons for row in quantization.members.all()}
    assert reasons["Eric J. Michaud"] == [
        f"OpenAlex lists ORCID {ERIC} (Eric J. Michaud) among the authors"
    ]
    assert reasons["Ziming Liu"] == [f"Author 2, “Ziming Liu”, is Ziming Liu (by ORCID {ZIMING})"]


def test_a_member_found_under_two_name_variants_is_linked_by_orcid(sources, two_members):
    """OpenAlex prints Ziming's name as “Liu Ziming” on two works, which the name alone
    would not match; his ORCID iD beside it does."""
    ziming, _eric = two_members
    discover()
    hmc = Suggestion.objects.get(title__startswith="Quantum-inspired")
    assert hmc.record["authors"][0] == "Liu Ziming"
    assert [row.member for row in hmc.members.all()] == [ziming]


def test_cited_by_counts_are_kept_for_papers_on_the_site(sources, two_members):
    discover()
    count = CitationCount.objects.get(page__title="Poisson Flow Generative Models")
    assert count.count == 150 and count.source == "OpenAlex"


def test_the_user_agent_names_the_contact_address(sources, two_members):
    discover()
    agents = {agent for _path, agent in sources.requests}
    assert agents == {"lab-site publication importer (mailto:webmaster@lab.example.org)"}


def test_a_second_run_adds_no_duplicates(sources, two_members):
    discover()
    first = list(Suggestion.objects.order_by("pk").values_list("pk", "title", "status"))
    output = discover()
    assert list(Suggestion.objects.order_by("pk").values_list("pk", "title", "status")) == first
    assert "0 new papers suggested, 0 papers to fill in, 6 earlier suggestions updated" in output


def test_dismissed_works_stay_dismissed_across_runs(sources, two_members):
    discover()
    reward = Suggestion.objects.get(title="Understanding Learned Reward Functions")
    reward.status = Suggestion.Status.DISMISSED
    reward.save()
    enrichment = pending(Suggestion.Kind.ENRICH).get(page__title__startswith="The Quantization")
    enrichment.status = Suggestion.Status.DISMISSED
    enrichment.save()
    output = discover()
    assert not pending(Suggestion.Kind.NEW).filter(title__icontains="reward").exists()
    assert not pending(Suggestion.Kind.ENRICH).filter(page__title__startswith="The Quantization")
    assert "2 dismissed before" in output


def test_dry_run_writes_nothing(sources, two_members):
    output = discover("--dry-run")
    assert "nothing was written" in output
    assert not Suggestion.objects.exists()
    assert not DiscoveryRun.objects.exists()


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("429", "asked us to slow down (429 Too Many Requests)"),
        ("500", "answered with an error (500"),
        ("malformed", "sent something that is not JSON"),
        ("timeout", "did not answer within"),
    ],
)
def test_a_failing_source_is_reported_and_the_run_finishes(
    sources, two_members, settings, fault, message
):
    settings.IMPORTER_TIMEOUT_SECONDS = 0.3
    settings.IMPORTER_RETRIES = 1
    sources.faults["openalex"] = fault
    output = discover()
    assert f"OpenAlex {message}" in output
    run = DiscoveryRun.objects.get()
    assert run.status == DiscoveryRun.Status.PARTIAL
    assert any(message in error for error in run.sources["OpenAlex"]["errors"])
    # The others went on: the work ORCID, arXiv and Crossref know is still suggested.
    assert Suggestion.objects.filter(doi__iexact="10.1103/PhysRevLett.126.180604").exists()


def test_a_source_that_fails_once_is_retried(sources, two_members, settings):
    """429 with Retry-After, then the recorded answer: the retry gets it."""
    calls = {"n": 0}
    original = Sources.do_GET

    def flaky(handler):
        if handler.path.startswith("/openalex/") and calls["n"] == 0:
            calls["n"] += 1
            Sources.requests.append((handler.path, ""))
            return handler.reply(429, b"later")
        return original(handler)

    Sources.do_GET = flaky
    try:
        discover("--source", "openalex", "--member", "eric-j-michaud")
    finally:
        Sources.do_GET = original
    assert DiscoveryRun.objects.get().status == DiscoveryRun.Status.DONE
    assert Suggestion.objects.filter(title="Understanding Learned Reward Functions").exists()


def test_an_unknown_member_or_one_without_ids_is_refused(sources, two_members):
    with pytest.raises(CommandError, match="No member has the page address “nobody”"):
        discover("--member", "nobody")
    with pytest.raises(CommandError, match="Max Tegmark has no ORCID iD"):
        discover("--member", "max-tegmark")


def test_accepting_everything_puts_the_papers_on_the_members_profiles(sources, two_members, client):
    from django.urls import reverse

    from tests.factories import UserFactory

    ziming, eric = two_members
    discover()
    admin = UserFactory(username="admin-discovery", is_superuser=True, is_staff=True)
    client.force_login(admin)
    ids = list(pending(Suggestion.Kind.NEW).values_list("pk", flat=True))
    ids += list(pending(Suggestion.Kind.ENRICH).values_list("pk", flat=True))
    response = client.post(
        reverse("publications_suggestions_accept"), {"selected": ids}, follow=True
    )
    assert "Accepted 6 of 6 suggestions." in response.content.decode()

    conservation = PublicationPage.objects.get(
        title="Machine Learning Conservation Laws from Trajectories"
    )
    assert conservation.live and conservation.revisions.get().user == admin
    assert conservation.venue == "Physical Review Letters"
    assert conservation.arxiv_id == "2011.04698" and conservation.volume == "126"
    hmc = PublicationPage.objects.get(title__startswith="Quantum-inspired")
    assert hmc.authors.first().name == "Liu Ziming" and hmc.authors.first().member == ziming
    reward = PublicationPage.objects.get(title="Understanding Learned Reward Functions")
    assert reward.authors.first().member == eric and reward.doi == ""
    pfgm = PublicationPage.objects.get(title="Poisson Flow Generative Models")
    assert [a.name for a in pfgm.authors.all()][-1] == "Tommi Jaakkola" and not pfgm.authors_cut
    assert pfgm.arxiv_id == "2209.11178"

    # The profile lists the newest 20 and links to the list filtered to the member.
    ziming_profile = client.get(ziming.url).content.decode()
    assert 'href="/publications/member/ziming-liu/"' in ziming_profile
    ziming_papers = client.get("/publications/member/ziming-liu/").content.decode()
    for title in [
        "Machine Learning Conservation Laws from Trajectories",
        "Machine-learning hidden symmetries",
        "Quantum-inspired Hamiltonian Monte Carlo for Bayesian sampling",
    ]:
        assert title in ziming_papers
    eric_papers = client.get("/publications/member/eric-j-michaud/").content.decode()
    assert "Understanding Learned Reward Functions" in eric_papers
    # A later run finds the same works on the site: nothing new, nothing to fill.
    output = discover()
    assert "0 new papers suggested, 0 papers to fill in" in output


def test_cited_by_counts_show_and_sort_only_when_the_list_says_so(sources, two_members, client):
    from publications.models import PublicationIndexPage

    discover()
    paper = PublicationPage.objects.get(title="Poisson Flow Generative Models")
    index = PublicationIndexPage.objects.get()
    assert "Cited by" not in client.get(paper.url).content.decode()
    hidden = client.get(index.url + "?sort=cited").content.decode()
    assert "Most cited first" not in hidden  # the sort is ignored while counts are hidden

    index.show_citation_counts = True
    index.save_revision().publish()
    page = client.get(paper.url).content.decode()
    assert "Cited by 150 papers" in page and "counted by OpenAlex" in page
    ranked = client.get(index.url + "?sort=cited").content.decode()
    assert "Most cited first" in ranked
    # PFGM (150) before the Quantization Model (80), both before papers without a count.
    assert (
        ranked.index("Poisson Flow Generative Models")
        < ranked.index("The Quantization Model of Neural Scaling")
        < ranked.index("Omnigrok")
    )
    for query in ["?sort=zzz", "?sort=cited&page=abc", "?sort=cited&year=2022"]:
        assert client.get(index.url + query).status_code == 200


def test_an_enrichment_never_offers_to_replace_what_an_editor_wrote(sources, two_members):
    paper = PublicationPage.objects.get(title="The Quantization Model of Neural Scaling")
    paper.pdf_url = "https://example.org/our-own-copy.pdf"  # an editor's choice
    paper.save_revision().publish()
    discover()
    fills = pending(Suggestion.Kind.ENRICH).get(page=paper).fills
    assert list(fills) == ["arxiv_id"]  # not the PDF, which the editor filled
    assert (
        PublicationPage.objects.get(pk=paper.pk).pdf_url == "https://example.org/our-own-copy.pdf"
    )
