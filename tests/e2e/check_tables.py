#!/usr/bin/env python3
"""The table engine and the generated membership appendix, read back from
the PDF: data changes reach the tables, long tables repeat their heading
rows on every page, spans have the right geometry, export stays valid.

usage: check_tables.py BRIEFPRESS SOURCES_DIR FIXTURES_DIR WORKDIR
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdftext  # noqa: E402
import pdfua  # noqa: E402

briefpress, sources, fixtures, workdir = sys.argv[1:5]
os.makedirs(workdir, exist_ok=True)
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}: {name}" + (f" — {detail}" if detail and not ok else ""))


def build(src, pdf):
    p = subprocess.run([briefpress, "build", src, "-o", pdf], capture_output=True, text=True)
    return p


def matrix_row(pdf, state):
    """The state's line in the membership matrix (the last table)."""
    text = pdftext.normalize_lines(pdftext.run("pdftotext", "-layout", pdf, "-").stdout)
    start = max(i for i, l in enumerate(text) if l.startswith("Table A.5"))
    return next((l for l in text[start:] if l.startswith(state + " ")), "")


# 1. One membership changed in the data, nothing else: the tables follow.
copy = os.path.join(workdir, "copy")
shutil.rmtree(copy, ignore_errors=True)
os.makedirs(copy)
for name in ("kazakhstan-2022.xml", "memberships.xml"):
    shutil.copy(os.path.join(sources, name), copy)
before = os.path.join(workdir, "before.pdf")
p = build(os.path.join(copy, "kazakhstan-2022.xml"), before)
check("the brief builds from a copy", p.returncode == 0, p.stderr)
row_before = matrix_row(before, "Moldova")
data = open(os.path.join(copy, "memberships.xml"), encoding="utf-8").read()
data = data.replace('<member state="Russia" status="member"/>\n  </organization>\n</memberships>',
                    '<member state="Russia" status="member"/>\n    '
                    '<member state="Moldova" status="member"/>\n  </organization>\n</memberships>')
open(os.path.join(copy, "memberships.xml"), "w", encoding="utf-8").write(data)
after = os.path.join(workdir, "after.pdf")
p = build(os.path.join(copy, "kazakhstan-2022.xml"), after)
check("the brief builds after the data changed", p.returncode == 0, p.stderr)
row_after = matrix_row(after, "Moldova")
check("matrix before: Moldova in the CIS only", row_before.split() == ["Moldova", "Member"],
      repr(row_before))
check("matrix after: Moldova in the CIS and the EAEU",
      row_after.split() == ["Moldova", "Member", "Member"], repr(row_after))
eaeu = pdftext.run("pdftotext", "-layout", after, "-").stdout
eaeu = eaeu[eaeu.index("Table A.4"):eaeu.index("Table A.5")]
check("the EAEU table lists Moldova", re.search(r"^\s*Moldova\s+Member", eaeu, re.M) is not None)

# 2. A 300-row table repeats its heading on every page it spans.
rows = "".join(f"<row><entry>Row {i}</entry><entry>{i * 7}</entry><entry>note {i}</entry></row>"
               for i in range(1, 301))
long_src = os.path.join(workdir, "long-table.xml")
open(long_src, "w", encoding="utf-8").write(
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<article xmlns="http://docbook.org/ns/docbook" version="5.0"><title>Long</title>'
    '<para>Before the table.</para><table xml:id="t"><title>Three hundred rows</title>'
    '<tgroup cols="3"><thead><row><entry>Name Heading</entry><entry>Value Heading</entry>'
    f'<entry>Note Heading</entry></row></thead><tbody>{rows}</tbody></tgroup></table>'
    '<para>After the table.</para></article>\n')
long_pdf = os.path.join(workdir, "long-table.pdf")
p = build(long_src, long_pdf)
check("the 300-row table builds", p.returncode == 0 and "warning" not in p.stderr, p.stderr)
pages = pdftext.page_texts(long_pdf)
with_rows = [(n, t) for n, t in enumerate(pages, 1) if re.search(r"^\s*Row \d+\s", t, re.M)]
check("the table spans at least 4 pages", len(with_rows) >= 4, len(with_rows))
missing = []
for n, t in with_rows:
    lines = [l.strip() for l in t.splitlines() if l.strip()]
    first_row = next(i for i, l in enumerate(lines) if re.match(r"Row \d+\s", l))
    if not any(re.match(r"Name Heading\s+Value Heading\s+Note Heading", l)
               for l in lines[:first_row]):
        missing.append(n)
check("every page of the table starts with its heading", not missing, repr(missing))
all_rows = sorted(int(m) for _, t in with_rows for m in re.findall(r"^\s*Row (\d+)\s", t, re.M))
check("no row lost or repeated", all_rows == list(range(1, 301)), f"{len(all_rows)} rows")

# A row taller than a page runs over several pages, cut between lines.
words = " ".join(f"word{i}" for i in range(1, 1201))
tall_src, tall_pdf = os.path.join(workdir, "tall.xml"), os.path.join(workdir, "tall.pdf")
open(tall_src, "w", encoding="utf-8").write(
    '<article xmlns="http://docbook.org/ns/docbook" version="5.0"><title>Tall</title>'
    '<informaltable frame="all" colsep="1"><tgroup cols="2"><thead><row><entry>Head One</entry>'
    f'<entry>Head Two</entry></row></thead><tbody><row><entry>short</entry><entry>{words}</entry>'
    '</row><row><entry>after</entry><entry>the tall row</entry></row></tbody></tgroup>'
    '</informaltable></article>\n')
p = build(tall_src, tall_pdf)
check("a table with a row taller than a page builds", p.returncode == 0, p.stderr)
text = pdftext.run("pdftotext", tall_pdf, "-").stdout
found = re.findall(r"word(\d+)", text)
check("the tall row's text is all there, once", sorted(map(int, found)) == list(range(1, 1201)),
      f"{len(found)} words")
tall_pages = pdftext.pages(tall_pdf)
check("the tall row runs over several pages", len(tall_pages) >= 3, len(tall_pages))
low = [(n, round(l.y0 + l.height, 1)) for n, page in enumerate(tall_pages, 1)
       for l in page[:-1] if l.y0 + l.height > 841.89 - 26 * 72 / 25.4]
check("nothing is set below the bottom margin", not low, repr(low[:5]))

# 3. Spans: geometry from the word boxes.
span_pdf = os.path.join(workdir, "spans.pdf")
p = build(os.path.join(fixtures, "table-spans.xml"), span_pdf)
check("the span fixture builds without warnings", p.returncode == 0 and "warning" not in p.stderr,
      p.stderr)
words = {}
for line in pdftext.pages(span_pdf)[0]:
    for b in line.boxes:
        words.setdefault(b[4], b)
left = words["HeadA"][0]
col_b, col_c = left + 100, left + 200
check("heading cells start at their columns",
      abs(words["HeadB"][0] - col_b) < 0.5 and abs(words["HeadC"][0] - col_c) < 0.5,
      repr((left, words["HeadB"][0], words["HeadC"][0])))
check("a cell spanning columns A–B is set across them on one line (OneC stays at C)",
      abs(words["Spanning"][0] - left) < 0.5 and words["both"][2] > col_b and
      abs(words["both"][1] - words["Spanning"][1]) < 0.5 and abs(words["OneC"][0] - col_c) < 0.5,
      repr((words["Spanning"], words["both"])))
check("a row-spanning cell pushes the next row's cells right (ThreeB at column B)",
      abs(words["ThreeB"][0] - col_b) < 0.5, repr(words["ThreeB"][0]))
check("the row-spanning cell is top-aligned in its first row",
      abs(words["Tall"][1] - words["TwoB"][1]) < 0.5)
check("align=right sets a cell's text against its right edge",
      abs(words["ThreeC"][2] - (col_c + 100 - 6)) < 0.6, repr(words["ThreeC"][2]))
check("an HTML colspan cell starts at the first column",
      abs(words["Both"][0] - words["Name"][0]) < 0.5)

# 4. Export: plain DocBook 5, valid, with every generated row.
exported = os.path.join(workdir, "export.xml")
p = subprocess.run([briefpress, "export", os.path.join(sources, "kazakhstan-2022.xml"), "-o",
                    exported], capture_output=True, text=True)
check("export exits 0", p.returncode == 0, p.stderr)
v = subprocess.run(["xmllint", "--noout", "--relaxng",
                    "/usr/share/xml/docbook/schema/rng/5.0/docbook.rng", exported],
                   capture_output=True, text=True)
check("the export validates against DocBook 5", v.returncode == 0, v.stderr[-500:])
xml = open(exported, encoding="utf-8").read()
check("the export has no briefpress instruction left", "<?briefpress" not in xml)
n_members = sum(1 for _ in re.finditer(r"<member ", open(os.path.join(sources, "memberships.xml"),
                                                         encoding="utf-8").read()))
n_states = len(set(re.findall(r'state="([^"]+)"', open(os.path.join(sources, "memberships.xml"),
                                                        encoding="utf-8").read())))
body_rows = len(re.findall(r"<row>", xml)) - 5  # minus the five heading rows
check(f"the export holds every generated row ({n_members} + {n_states})",
      body_rows == n_members + n_states, f"{body_rows} rows")

problems = pdfua.check(before)
check("the PDF/UA and PDF/A checkpoints hold on the brief's tables", not problems, problems)

passed = sum(results)
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
