#!/usr/bin/env python3
"""End-to-end checks of the brief's PDF, read back with poppler and qpdf.

usage: check_brief.py BRIEFPRESS SOURCE.xml SEED.txt WORKDIR

Each check prints one line; the last line is "N passed, N failed".
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdftext  # noqa: E402

briefpress, source, seed_path, workdir = sys.argv[1:5]
os.makedirs(workdir, exist_ok=True)
pdf = os.path.join(workdir, "brief.pdf")
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}: {name}" + (f" — {detail}" if detail and not ok else ""))


env = dict(os.environ, SOURCE_DATE_EPOCH="1643673600")
build = subprocess.run([briefpress, "build", source, "-o", pdf, "--timings"], capture_output=True,
                       text=True, env=env)
check("build exits 0", build.returncode == 0, build.stderr)
if build.returncode != 0:
    print(f"0 passed, {len(results)} failed")
    sys.exit(1)
check("build prints no warnings", "warning:" not in build.stderr, build.stderr)
# The TOC's and the cross-references' page numbers are set after pagination:
# on the brief, whose guesses have the right widths, one layout pass is final.
passes = re.search(r"layout .*\((\d+) pass", build.stderr)
check("the page-number fixpoint takes one layout pass", passes and passes.group(1) == "1",
      build.stderr)
# Words are kerned from their glyph pairs where the face allows it (text/
# kerning.c): nearly all of the brief's, in Noto Serif and Noto Sans.
shaped = re.search(r"shaped: (\d+) words, (\d+) kerned by glyph pairs", build.stderr)
check("most words are kerned by glyph pairs",
      shaped and int(shaped.group(2)) >= 0.9 * int(shaped.group(1)), build.stderr)

# Structure and fonts.
q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
check("qpdf --check passes", q.returncode == 0 and "No syntax or stream encoding errors" in q.stdout,
      q.stdout + q.stderr)
fonts = pdftext.run("pdffonts", pdf).stdout.splitlines()[2:]
check("fonts listed", len(fonts) >= 2, "\n".join(fonts))
check("every font embedded and subset",
      all(re.search(r"\byes\s+yes\s+yes\b", f) for f in fonts), "\n".join(fonts))
info = pdftext.run("pdfinfo", pdf).stdout
check("pdfinfo shows the title", re.search(r"^Title:\s+Kazakhstan", info, re.M) is not None, info)
check("pdfinfo shows the author",
      re.search(r"^Author:\s+Human Rights Foundation", info, re.M) is not None, info)
check("A4 pages", "595.276 x 841.89" in info, info)
extract = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True)
check("pdftotext reads without warnings", extract.stderr == "", extract.stderr)
allowed_extra = set("“”‘’—–…•·") | set(pdftext.SUPERSCRIPTS)
odd = sorted({ch for ch in extract.stdout
              if (ord(ch) < 32 and ch not in "\n\f") or ch == "\ufffd"
              or (ord(ch) > 127 and ch not in allowed_extra and not ch.isalpha())})
check("no spurious characters in the text", not odd, repr(odd))

# Every sentence of the seed, verbatim, in the body text.
pages = pdftext.pages(pdf)
# Body lines are told from notes by their height (the font's bbox at its size).
BODY = pdftext.body_height(pages)
NOTE_MAX = BODY * 0.9
body_lines = [l.text for page in pages for l in page if abs(l.height - BODY) < 0.3]
text_left = min(l.x0 for page in pages for l in page if abs(l.height - BODY) < 0.3)
body = pdftext.normalize(pdftext.strip_marks(pdftext.join_lines(body_lines)))
heading_pages = {}
for pno, page in enumerate(pages, 1):
    for i, line in enumerate(page):
        # A heading may wrap: try each line alone and joined with the next
        # line of the same size.
        candidates = [line.text]
        if i + 1 < len(page) and abs(page[i + 1].height - line.height) < 0.1:
            candidates.append(line.text + " " + page[i + 1].text)
        for t in map(pdftext.normalize, candidates):
            if not re.search(r"\.\s*\.\s*\.", t):
                heading_pages.setdefault(t, pno)
seed = open(seed_path, encoding="utf-8").read().splitlines()
sentences, headings = [], []
for para in seed:
    if para.strip() and not re.search(r"[.”]$", para.strip()):
        headings.append(para.strip())  # the seed's part headings
        continue
    for s in re.split(r"(?<=[.”])\s+(?=[A-Z“])", para.strip()):
        if s:
            sentences.append(pdftext.normalize(s))
missing = [s for s in sentences if not pdftext.contains(body, s)]
check(f"all {len(sentences)} seed sentences in the PDF", not missing,
      "missing:\n  " + "\n  ".join(missing[:5]))

all_lines = list(heading_pages)
absent = [h for h in headings if not any(t == h or t.endswith(" " + h) for t in all_lines)]
check(f"the seed's {len(headings)} part headings are headings", len(headings) == 2 and not absent,
      repr(absent))

# Footnotes start on the page of their call.
calls, notes = {}, {}
for pno, page in enumerate(pages, 1):
    for line in page:
        for word in line.words:
            for run in re.findall(f"[{pdftext.SUPERSCRIPTS}]+", word):
                n = int(run.translate(str.maketrans(pdftext.SUPERSCRIPTS, "0123456789")))
                calls.setdefault(n, pno)
        m = re.match(r"^(\d+)\.$", line.words[0])
        # A note starts with its number at the left edge; its other lines hang.
        if m and line.height < NOTE_MAX and len(line.words) > 1 and line.x0 < text_left + 1:
            notes.setdefault(int(m.group(1)), pno)
check("footnote calls found", len(calls) >= 8, repr(calls))
check("every call has its note", sorted(calls) == sorted(notes),
      f"calls {sorted(calls)} notes {sorted(notes)}")
wrong = {n: (calls[n], notes.get(n)) for n in calls if notes.get(n) != calls[n]}
check("every note starts on its call's page", not wrong, repr(wrong))

# TOC page numbers equal the pages where the headings are printed.
texts = pdftext.page_texts(pdf)
toc = []
for line in texts[0].splitlines():
    m = re.match(r"^\s*(.*?\S)\s*(?:\.\s*){3,}\s*(\d+)\s*$", line)
    if m:
        toc.append((pdftext.normalize(m.group(1)), int(m.group(2))))
check("TOC has entries", len(toc) >= 10, repr(toc))
bad = [(t, p, heading_pages.get(t)) for t, p in toc if heading_pages.get(t) != p]
check("every TOC page number is the heading's page", not bad, repr(bad))

# Cross-references that print a page: the target is on that page.
full_text = pdftext.normalize(" ".join(" ".join(l.text for l in page) for page in pages))
page_refs = re.findall(r"(Section|Table|Appendix) ([0-9A-Z.]*[0-9A-Z])(?:, “[^”]*”)? on page (\d+)",
                       full_text)
check("cross-references with page numbers found", len(page_refs) >= 2, repr(page_refs))
bad = []
for kind, label, page in page_refs:
    lines = [pdftext.strip_marks(pdftext.normalize(l.text)) for l in pages[int(page) - 1]]
    want = {"Section": label + " ", "Table": f"Table {label}.", "Appendix": f"Appendix {label}"}[kind]
    if not any(t.startswith(want) and not re.search(r"\.\s\.", t) for t in lines):
        bad.append((kind, label, page))
check("every 'on page N' is the target's page", not bad, repr(bad))

# Bookmarks mirror the headings and open on their pages.
info_json = pdftext.qpdf_json(pdf)
marks = [(o["title"], p["pageposfrom1"]) for p in info_json["pages"] for o in p["outlines"]]
check("bookmarks for every TOC entry", len(marks) >= len(toc) and len(toc) > 0,
      f"{len(marks)} bookmarks, {len(toc)} TOC entries")
bad = [(t, p, heading_pages.get(pdftext.normalize(t))) for t, p in marks
       if heading_pages.get(pdftext.normalize(t)) != p]
check("every bookmark opens on its heading's page", not bad, repr(bad))

# Links: each internal link lands where its target is printed.
page_h = 841.89
all_links = pdftext.links(pdf)
internal = [l for l in all_links if l[2][0] == "page"]
check("internal links present (TOC and cross-references)", len(internal) >= 20, len(internal))
misplaced, wrong_target = [], []
for page, rect, (_, dest_page, dest_top) in internal:
    lines = pages[dest_page - 1] if dest_page else []
    # The target's first line starts just below the destination's top.
    hit = [l for l in lines if -2 <= (page_h - dest_top) - l.y0 <= 2 or
           0 <= l.y0 - (page_h - dest_top) <= 25]
    if not hit:
        misplaced.append((page, rect, dest_page, dest_top))
        continue
    text = pdftext.words_in_rect(pages[page - 1], rect, page_h)
    m = re.match(r"^(Section|Table|Appendix) ([0-9A-Z.]+?)[.,;]?$", text)
    if m:
        kind, label = m.groups()
        first = hit[0].text
        ok = (first.startswith(label + " ") if kind == "Section" else
              first.startswith(f"Table {label}.") if kind == "Table" else
              first.startswith(f"Appendix {label}"))
        if not ok:
            wrong_target.append((text, dest_page, first))
check("every internal link lands on a text line", not misplaced, repr(misplaced[:5]))
check("cross-reference links land on their target", not wrong_target, repr(wrong_target[:5]))

# Reproducible: a second build is byte-identical.
pdf2 = os.path.join(workdir, "brief2.pdf")
subprocess.run([briefpress, "build", source, "-o", pdf2], capture_output=True, env=env)
check("two builds are byte-identical", open(pdf, "rb").read() == open(pdf2, "rb").read())

passed = sum(results)
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
