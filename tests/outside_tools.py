"""Other people's tools run on the site's output in the tests: Node.js scripts in
``tools/`` that use npm packages (citeproc-js, ical.js), installed by ``npm ci``."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_node(script, payload, package):
    """What ``tools/<script>`` prints (JSON) when given ``payload`` (text, or JSON of it)
    on its standard input. Without node or the npm ``package`` the test is skipped, and
    fails instead where REQUIRE_SERVICES=1 (CI)."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / package).is_dir():
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but node or npm's {package} is missing (npm ci)")
        pytest.skip(f"node or npm's {package} is missing (apt-get install npm; npm ci)")
    result = subprocess.run(  # noqa: S603 - our own script on our own output
        [node, str(ROOT / "tools" / script)],
        input=payload if isinstance(payload, str) else json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)
