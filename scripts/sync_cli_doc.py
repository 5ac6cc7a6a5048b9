#!/usr/bin/env python3
"""Refreshes the value, default and required cells of docs/cli.md's option tables from the parser.

Runs the CliVocabulary test, reads the table it prints when the document and the parser differ, and
rewrites those cells (the meaning cells, written by hand, are kept; new options get the help text).
Usage: scripts/sync_cli_doc.py [build dir]
"""
import re
import subprocess
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
build = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "build"
output = subprocess.run([str(build / "radstudy_tests"), "--gtest_filter=CliVocabulary.Doc*"],
                        capture_output=True, text=True).stdout
parsed, command = {}, None
for line in output.splitlines():
    heading = re.match(r"### radstudy (\S+)", line)
    if heading:
        command = heading.group(1)
        parsed[command] = {}
    elif command and line.startswith("| `"):
        cells = [c.strip() for c in line.strip("|").split("|")]
        parsed[command][cells[0]] = cells
    elif command:
        command = None
if not parsed:
    sys.exit("docs/cli.md already equals the parser")
document = (root / "docs/cli.md").read_text().splitlines()
result, command, seen = [], None, {}
for line in document:
    heading = re.match(r"### radstudy (\S+)", line)
    if heading:
        command = heading.group(1)
    if command in parsed and line.startswith("| `"):
        cells = [c.strip() for c in line.strip("|").split("|")]
        new = parsed[command].get(cells[0])
        seen.setdefault(command, set()).add(cells[0])
        if new is None:
            continue  # the option is gone
        line = "| " + " | ".join(new[:4] + [cells[4] if len(cells) > 4 and cells[4] else new[4]]) + " |"
    result.append(line)
    if command in parsed and line.startswith("| `") and False:
        pass
missing = {c: [o for o in rows if o not in seen.get(c, set())] for c, rows in parsed.items()}
final = []
command = None
for i, line in enumerate(result):
    final.append(line)
    heading = re.match(r"### radstudy (\S+)", line)
    if heading:
        command = heading.group(1)
    next_line = result[i + 1] if i + 1 < len(result) else ""
    if command in missing and line.startswith("| `") and not next_line.startswith("| `"):
        for option in missing.pop(command):
            final.append("| " + " | ".join(parsed[command][option]) + " |")
(root / "docs/cli.md").write_text("\n".join(final) + "\n")
print("docs/cli.md updated:", ", ".join(sorted(parsed)))
