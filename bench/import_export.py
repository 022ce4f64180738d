"""Time a BibTeX import (`manage.py import_bibtex`, in this process) and the BibTeX export of
the whole list that results (GET <list>/export.bib). Prints one JSON object.

    DATABASE_URL=postgres://… uv run python bench/import_export.py FILE.bib
"""

import json
import os
import sys
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pages import production_environment  # noqa: E402


def main():
    path = sys.argv[1]
    for name, value in production_environment(PAGE_CACHE_SECONDS="0").items():
        os.environ.setdefault(name, value)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from publications.models import PublicationIndexPage, PublicationPage

    entries = Path(path).read_text().count("\n@")
    started = time.perf_counter()
    call_command("import_bibtex", path, stdout=StringIO(), stderr=StringIO())
    import_s = time.perf_counter() - started

    index = PublicationIndexPage.objects.live().first()
    client = Client(HTTP_HOST="127.0.0.1")
    started = time.perf_counter()
    response = client.get(f"{index.url}export.bib")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    export_ms = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"export answered {response.status_code}")
    print(
        json.dumps(
            {
                "entries": entries + (1 if Path(path).read_text().startswith("@") else 0),
                "import_s": import_s,
                "exported": PublicationPage.objects.live().count(),
                "export_ms": export_ms,
                "export_bytes": len(body),
            }
        )
    )


if __name__ == "__main__":
    main()
