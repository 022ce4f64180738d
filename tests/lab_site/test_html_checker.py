"""Every kind of page of the demo, checked by the Nu HTML checker (vnu.jar, the W3C's
validator; npm ``vnu-jar``, run with Java): no errors. Its warnings are printed, not
failed on."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from wagtail.models import Page

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Pages that are no page of the tree: the lists' filtered and searched states.
ADDRESSES = ["/publications/?q=grokking", "/publications/type/conference/", "/search/?q=neural"]


def java():
    found = shutil.which("java")
    if found and VNU.is_file():
        return found
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail("REQUIRE_SERVICES=1 but java or npm's vnu-jar is missing")
    pytest.skip("java or npm's vnu-jar is missing (apt-get install default-jre-headless; npm ci)")


def test_the_nu_checker_finds_no_error_on_any_kind_of_page(demo_site, client, tmp_path):
    checker = java()
    addresses, kinds = list(ADDRESSES), set()
    for page in Page.objects.live().specific().order_by("path"):
        if type(page) not in kinds and page.depth > 1:
            kinds.add(type(page))
            addresses.append(page.url)
    files = {}
    for number, address in enumerate(addresses):
        response = client.get(address)
        assert response.status_code == 200, address
        path = tmp_path / f"page-{number}.html"
        path.write_bytes(response.content)
        files[str(path)] = address
    # The demo's kinds (its content has no news, events, projects or openings).
    assert {kind.__name__ for kind in kinds} >= {
        "HomePage",
        "PeopleIndexPage",
        "MemberPage",
        "PublicationIndexPage",
        "PublicationPage",
        "ResearchIndexPage",
        "ResearchHighlightPage",
    }

    result = subprocess.run(  # noqa: S603 - the W3C's checker on our own pages
        [checker, "-jar", str(VNU), "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    messages = json.loads(result.stderr or result.stdout)["messages"]

    def where(message):
        return files.get(message.get("url", "").removeprefix("file:"), message.get("url"))

    errors = [
        f"{where(m)}: {m['message']} {m.get('extract', '')!r}"
        for m in messages
        if m["type"] == "error"
    ]
    for warning in (m for m in messages if m["type"] != "error"):
        print(f"warning: {where(warning)}: {warning['message']}")
    assert not errors, "\n".join(errors)
