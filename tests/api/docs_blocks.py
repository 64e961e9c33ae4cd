"""The ```sh examples of docs/api.md, run by the tests so the documentation cannot rot.

Each part's section is found by its `## ` heading; each ```sh block in it is run by bash with `set -euo
pipefail` and the placeholder variables the section's test gives (for example CLARION, the site's address).
An HTML comment on the line before a block changes how it is run:
  <!-- not run: reason -->   the block is shown to readers but skipped (an endless loop, a secret of yours);
  <!-- expect: text -->      the block's output must contain `text` (a status code, a field name).
"""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
# The note stays on its line: a "not run" before a ```python block must not reach on to the next ```sh block.
_BLOCK = re.compile(r"(?:<!--\s*(?P<kind>not run|expect):\s*(?P<note>[^\n]*?)\s*-->\s*\n)?```sh\n(?P<code>.*?)```",
                    re.S)


@dataclass
class Block:
    line: int
    code: str
    skip: str = ""
    expect: str = ""

    @property
    def id(self):
        return f"api.md:{self.line}"


def section(heading_start):
    """The text of the `## ` section whose heading starts with `heading_start`."""
    text = DOC.read_text()
    start = text.index("\n## " + heading_start)
    end = text.find("\n## ", start + 1)
    return text[:start].count("\n") + 1, text[start:end if end != -1 else None]


def blocks(heading_start):
    first_line, text = section(heading_start)
    found = []
    for match in _BLOCK.finditer(text):
        kind, note = match.group("kind"), match.group("note") or ""
        found.append(Block(first_line + text[:match.start("code")].count("\n"), match.group("code"),
                           skip=note if kind == "not run" else "", expect=note if kind == "expect" else ""))
    return found


def run(block, variables, cwd, timeout=30):
    """Run the block; return its standard output (a failing command fails the test with its output)."""
    script = "set -euo pipefail\n" + block.code
    result = subprocess.run(["bash", "-c", script], env={"PATH": "/usr/bin:/bin", **variables}, cwd=cwd,
                            capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, f"{block.id} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    if block.expect:
        assert block.expect in result.stdout, f"{block.id}: {block.expect!r} not in:\n{result.stdout}"
    return result.stdout
