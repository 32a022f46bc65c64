#!/usr/bin/env python3
"""Regenerate README.md's rule table from the registry (`dpmlint rules --format markdown`).

    python3 tools/readme-rules.py      # from the repository's root

tests/cli.rs checks that the table is current.
"""
import pathlib
import subprocess

root = pathlib.Path(__file__).resolve().parent.parent
table = subprocess.run(
    ["cargo", "run", "-q", "--", "rules", "--format", "markdown", "--lang", "en"],
    capture_output=True, text=True, check=True, cwd=root,
).stdout
readme = root / "README.md"
text = readme.read_text(encoding="utf-8")
start = text.index("<!-- rules:start -->\n") + len("<!-- rules:start -->\n")
end = text.index("<!-- rules:end -->")
readme.write_text(text[:start] + table + text[end:], encoding="utf-8")
