"""`python -m clarion.config` prints the configuration table as Markdown; `--update README.md` rewrites the
README's copy between its marker comments."""

import argparse
from pathlib import Path

from clarion.config.readme import markdown, updated

parser = argparse.ArgumentParser(prog="python -m clarion.config", description=__doc__)
parser.add_argument("--update", metavar="README", type=Path, help="rewrite this file's table in place")
arguments = parser.parse_args()
if arguments.update:
    arguments.update.write_text(updated(arguments.update.read_text()))
else:
    print(markdown())
