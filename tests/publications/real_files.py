"""The real .bib files of others (tests/files/real/, sources in its SOURCES file), and
importing them as `manage.py import_bibtex` does."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

REAL = Path(__file__).resolve().parents[1] / "files" / "real"


def import_file(name, folder=REAL):
    """`manage.py import_bibtex` of the file ``name`` in ``folder``; what it printed."""
    out = StringIO()
    call_command("import_bibtex", str(folder / name), stdout=out, stderr=StringIO())
    return out.getvalue()


def import_text(tmp_path, text):
    """`manage.py import_bibtex` of a file holding ``text``; what it printed."""
    (tmp_path / "entries.bib").write_text(text)
    return import_file("entries.bib", tmp_path)
