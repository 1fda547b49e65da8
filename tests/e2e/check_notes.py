#!/usr/bin/env python3
"""Footnotes under stress, read back from the PDF: every note starts on the
page of its call, a note too long for its page continues at the top of the
next page's note area, none is lost, and "on page N" references are right.

usage: check_notes.py BRIEFPRESS WORKDIR [N_SECTIONS]
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdftext  # noqa: E402
import pdfua  # noqa: E402

briefpress, workdir = sys.argv[1:3]
sections = sys.argv[3] if len(sys.argv) > 3 else "25"
os.makedirs(workdir, exist_ok=True)
src, pdf = os.path.join(workdir, "stress.xml"), os.path.join(workdir, "stress.pdf")
here = os.path.dirname(os.path.abspath(__file__))
gen = subprocess.run([sys.executable, os.path.join(here, "gen_notes_stress.py"), src, sections],
                     capture_output=True, text=True, check=True).stdout
n_notes = int(re.search(r"(\d+) notes", gen).group(1))
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}: {name}" + (f" — {detail}" if detail and not ok else ""))


p = subprocess.run([briefpress, "build", src, "-o", pdf], capture_output=True, text=True)
check(f"the stress document ({n_notes} notes) builds", p.returncode == 0, p.stderr)
check("no warnings", "warning:" not in p.stderr, p.stderr)
check("at least 300 notes", n_notes >= 300, str(n_notes))
pages = pdftext.pages(pdf)

# Body and note text differ in size: the two commonest line heights.
counts = {}
for page in pages:
    for l in page:
        if len(l.words) >= 4:
            counts[round(l.height, 1)] = counts.get(round(l.height, 1), 0) + 1
top2 = sorted(sorted(counts, key=counts.get, reverse=True)[:2])
NOTE_H, BODY_H = top2[0], top2[1]
left = min(l.x0 for page in pages for l in page if abs(l.height - BODY_H) < 0.3)
SUP = str.maketrans(pdftext.SUPERSCRIPTS, "0123456789")

calls, labels, closes, first_note_line = {}, {}, {}, {}
for pno, page in enumerate(pages, 1):
    note_lines = [l for l in page if abs(l.height - NOTE_H) < 0.3]
    if note_lines:
        first_note_line[pno] = note_lines[0]
    for l in page:
        for w in l.words:
            for run in re.findall(f"[{pdftext.SUPERSCRIPTS}]+", w):
                calls.setdefault(int(run.translate(SUP)), pno)
    for l in note_lines:
        m = re.match(r"^(\d+)\.$", l.words[0])
        if m and l.x0 < left + 1:
            labels.setdefault(int(m.group(1)), pno)
    text = " ".join(l.text for l in note_lines)
    for m in re.finditer(r"note (\d+) closes\.", text):
        closes.setdefault(int(m.group(1)), pno)

check("every note is called", sorted(calls) == list(range(1, n_notes + 1)),
      f"{len(calls)} calls")
check("every note is set (its label is found)", sorted(labels) == list(range(1, n_notes + 1)),
      f"missing {sorted(set(range(1, n_notes + 1)) - set(labels))[:10]}")
check("every note ends somewhere", sorted(closes) == list(range(1, n_notes + 1)),
      f"missing {sorted(set(range(1, n_notes + 1)) - set(closes))[:10]}")
wrong = {n: (calls.get(n), labels.get(n)) for n in labels if calls.get(n) != labels[n]}
check("every note starts on its call's page", not wrong, repr(dict(list(wrong.items())[:10])))
split = {n: (labels[n], closes[n]) for n in labels if n in closes and closes[n] != labels[n]}
check("some notes are long enough to split", len(split) >= 3, repr(split))
bad_cont = []
for n, (start, end) in split.items():
    if end < start:
        bad_cont.append((n, "ends before it starts"))
    for pno in range(start + 1, end + 1):
        line = first_note_line.get(pno)
        if line is None or re.match(r"^\d+\.$", line.words[0]) and line.x0 < left + 1:
            bad_cont.append((n, pno))
check("split notes continue at the top of the next page's note area", not bad_cont,
      repr(bad_cont[:10]))

# Cross-references with pages: "Section N on page P" → the heading's page.
heading_page = {}
for pno, page in enumerate(pages, 1):
    for l in page:
        m = re.match(r"^(\d+) Section \1\b", pdftext.strip_marks(pdftext.normalize(l.text)))
        if m and l.height > BODY_H:
            heading_page.setdefault(int(m.group(1)), pno)
refs = []
for pno, page in enumerate(pages, 1):
    text = pdftext.normalize(" ".join(l.text for l in page))
    refs += [(int(a), int(b)) for a, b in re.findall(r"Section (\d+) on page (\d+)", text)]
check("cross-references with page numbers found", len(refs) >= int(sections) - 2, len(refs))
badrefs = [(s, pg, heading_page.get(s)) for s, pg in refs if heading_page.get(s) != pg]
check("every 'on page N' is the target's page", not badrefs, repr(badrefs[:10]))

n_links = len([l for l in pdftext.links(pdf) if l[2][0] == "page"])
check("note calls, TOC entries and references are links", n_links >= n_notes, n_links)
bad_links = pdftext.misplaced_links(pdf, pages, 841.89)
check("every link lands on its target's page and line", not bad_links, repr(bad_links[:5]))

# The page builder never sets anything past the right margin or below the
# bottom margin.
ends = {}
for page in pages:
    for l in page:
        if abs(l.height - BODY_H) < 0.3:
            ends[round(l.x1, 1)] = ends.get(round(l.x1, 1), 0) + 1
right = max(ends, key=ends.get)
over = [(n, l.text[-30:]) for n, page in enumerate(pages, 1) for l in page if l.x1 > right + 0.5]
check("no line past the right margin", not over, repr(over[:5]))

problems = pdfua.check(pdf)
check("the PDF/UA and PDF/A checkpoints hold (notes split over pages, notes in tables)",
      not problems, problems)

passed = sum(results)
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
