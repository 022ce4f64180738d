set -e
cd /tmp/legacy
export DATABASE_URL=sqlite:////tmp/legacy-out/db.sqlite3 MEDIA_ROOT=/tmp/legacy-out/media DJANGO_SETTINGS_MODULE=lab_site.settings.test PAGE_CACHE_SECONDS=0
rm -rf /tmp/legacy-out/*
P=.venv/bin/python
$P manage.py migrate --noinput -v0
$P manage.py load_demo_content >/dev/null
$P manage.py ensure_admin >/dev/null 2>&1 || true
$P manage.py shell --no-imports -c '
from publications.models import ResearchTopic, PublicationPage
from research.models import ResearchHighlightPage
interp = ResearchTopic.objects.create(name="Mechanistic interpretability", description="How trained networks compute.")
scaling = ResearchTopic.objects.create(name="Scaling laws")
papers = list(PublicationPage.objects.order_by("pk")[:3])
for paper in papers:
    paper.topics.add(interp)
    paper.save_revision().publish()
papers[0].topics.add(scaling); papers[0].save_revision().publish()
highlight = ResearchHighlightPage.objects.order_by("pk").first()
highlight.topics.add(interp)
highlight.save_revision().publish()
'
$P manage.py shell --no-imports -c '
import datetime
from publications.models import CitationCount, DiscoveryRun, PublicationIndexPage, PublicationPage, Suggestion, SuggestionMember
from people.models import MemberPage
index = PublicationIndexPage.objects.get()
index.show_citation_counts = True
index.save_revision().publish()
paper = PublicationPage.objects.order_by("pk").first()
CitationCount.objects.create(page=paper, count=42, read_on=datetime.date(2026, 12, 1))
DiscoveryRun.objects.create(status="done", trigger="manage.py", members=["Ziming Liu"], counts={"new": 1}, log="Asked ORCID.")
suggestion = Suggestion.objects.create(title="A Found Paper About Grokking", title_key="a found paper about grokking", record={"title": "A Found Paper About Grokking"}, sources=[{"source": "ORCID", "id": "1"}])
SuggestionMember.objects.create(suggestion=suggestion, member=MemberPage.objects.order_by("pk").first())
'
TASKS_BACKEND=django_tasks_db.DatabaseBackend $P manage.py discover_publications --schedule >/dev/null
$P manage.py warm_exports >/dev/null
$P manage.py backup /tmp/legacy-out/backup.tar.gz >/dev/null
