#!/usr/bin/env python3
"""Builds every fixture in tests/fixtures and checks the PDF's text against
the fixture's own "expect" comments (pdftotext -layout, whitespace
collapsed) and its "expect-uri" comments against the link annotations, and its
"expect-images" comment against pdfimages' list, and its "expect-title" and
"expect-bookmark" comments against the document information and outline.

usage: check_fixtures.py BRIEFPRESS FIXTURES_DIR WORKDIR
"""
import glob
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdftext  # noqa: E402

briefpress, fixtures, workdir = sys.argv[1:4]
os.makedirs(workdir, exist_ok=True)
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}: {name}" + (f" — {detail}" if detail and not ok else ""))


for src in sorted(glob.glob(os.path.join(fixtures, "*.xml"))):
    name = os.path.basename(src)
    source = open(src, encoding="utf-8").read()
    pdf = os.path.join(workdir, name + ".pdf")
    p = subprocess.run([briefpress, "build", src, "-o", pdf], capture_output=True, text=True)
    check(f"{name}: builds", p.returncode == 0, p.stderr)
    if p.returncode != 0:
        continue
    check(f"{name}: no warnings", "warning:" not in p.stderr, p.stderr)
    q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
    check(f"{name}: qpdf --check", q.returncode == 0, q.stdout)
    text = pdftext.normalize(" ".join(pdftext.page_texts(pdf)))
    for want in re.findall(r"<!--\s*expect:\s*(.*?)\s*-->", source):
        check(f"{name}: text {want!r}", pdftext.normalize(want) in text)
    for want in re.findall(r"<!--\s*expect-images:\s*(\d+)\s*-->", source):
        listing = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True)
        drawn = len(listing.stdout.splitlines()[2:])
        check(f"{name}: {want} images drawn", drawn == int(want), listing.stdout)
    titles = re.findall(r"<!--\s*expect-title:\s*(.*?)\s*-->", source)
    if titles:
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        got = re.search(r"^Title:\s*(.*)$", info, re.M)
        check(f"{name}: title {titles[0]!r}", got is not None and got.group(1) == titles[0],
              info)
    marks = re.findall(r"<!--\s*expect-bookmark:\s*(.*?)\s*-->", source)
    if marks:
        outline = json.loads(subprocess.run(["qpdf", "--json", "--json-key=outlines", pdf],
                                            capture_output=True, text=True).stdout)["outlines"]
        got = []
        todo = list(outline)
        while todo:
            item = todo.pop(0)
            got.append(item["title"])
            todo[:0] = item["kids"]
        for want in marks:
            check(f"{name}: bookmark {want!r}", want in got, repr(got))
    uris = [t[1] for _, _, t in pdftext.links(pdf) if t[0] == "uri"]
    for want in re.findall(r"<!--\s*expect-uri:\s*(.*?)\s*-->", source):
        check(f"{name}: link to {want}", want in uris, repr(uris))

passed = sum(results)
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
