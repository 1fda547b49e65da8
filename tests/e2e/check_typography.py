#!/usr/bin/env python3
"""Typography of the brief, read back from the PDF: margins, hyphen stacks,
widows and orphans, headings at page feet, kerning, ligatures, file size.

usage: check_typography.py BRIEFPRESS SOURCE.xml WORKDIR
"""
import os
import re
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdftext  # noqa: E402

briefpress, source, workdir = sys.argv[1:4]
os.makedirs(workdir, exist_ok=True)
pdf = os.path.join(workdir, "brief.pdf")
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}: {name}" + (f" — {detail}" if detail and not ok else ""))


p = subprocess.run([briefpress, "build", source, "-o", pdf], capture_output=True, text=True)
check("build exits 0", p.returncode == 0, p.stderr)
pages = pdftext.pages(pdf)

BODY_HEIGHT = pdftext.body_height(pages)


def BODY(line):
    return abs(line.height - BODY_HEIGHT) < 0.3

body = [l for page in pages for l in page if BODY(l)]
ends = {}
for l in body:
    ends[round(l.x1, 1)] = ends.get(round(l.x1, 1), 0) + 1
right = max(ends, key=ends.get)
left = min(l.x0 for l in body)

# 1. Nothing past the right margin, whatever its size (notes, tables, TOC).
over = [(n, round(l.x1, 2), l.text[-40:]) for n, page in enumerate(pages, 1) for l in page
        if l.x1 > right + 0.5]
check("no line extends past the right margin", not over, repr(over[:5]))
check("the measure is a readable 55–75 characters on average",
      55 <= sum(len(l.text) for l in body if abs(l.x1 - right) < 0.6) /
      max(1, sum(1 for l in body if abs(l.x1 - right) < 0.6)) <= 78)

# 2. At most two hyphenated lines in a row.
run = worst = 0
for page in pages:
    for l in page:
        if not BODY(l):
            continue
        run = run + 1 if l.words[-1].endswith("-") else 0
        worst = max(worst, run)
check("at most two consecutive lines end in a hyphen", worst <= 2, f"{worst} in a row")

# 3. Widows and orphans: a paragraph never leaves a single line at the top
#    or the foot of a page. A line is "full" when it reaches the margin (the
#    paragraph goes on), "short" when it ends a paragraph.
def is_full(l):
    return abs(l.x1 - right) < 0.6


TOC_AND_HEADINGS = set()
for line in pdftext.page_texts(pdf)[0].splitlines():
    m = re.match(r"^\s*(.*?\S)\s*(?:\.\s*){3,}\s*\d+\s*$", line)
    if m:
        TOC_AND_HEADINGS.add(pdftext.normalize(m.group(1)))

widows, orphans = [], []
for n in range(1, len(pages)):
    prev = [l for l in pages[n - 1] if BODY(l)]
    cur = [l for l in pages[n] if BODY(l)]
    if not prev or not cur:
        continue
    # widow: the previous page ended mid-paragraph and only one line follows
    if is_full(prev[-1]) and not is_full(cur[0]):
        widows.append((n + 1, cur[0].text[:40]))
    # orphan: the previous page's last line starts a paragraph that goes on
    if is_full(prev[-1]) and (len(prev) == 1 or not is_full(prev[-2]) or
                              prev[-1].x0 > left + 1):
        before = [l for l in pages[n - 1] if l.y0 < prev[-1].y0]
        if len(prev) == 1 or not is_full(prev[-2]) or (before and not BODY(before[-1])):
            orphans.append((n, prev[-1].text[:40]))
check("no widows (a paragraph's last line alone atop a page)", not widows, repr(widows))
check("no orphans (a paragraph's first line alone at a page foot)", not orphans, repr(orphans))

# 4. No page ends with a heading: below each heading on its page there are
#    at least two lines of text.
lonely = []
for n, page in enumerate(pages[1:], 2):
    for i, line in enumerate(page):
        if pdftext.normalize(line.text) in TOC_AND_HEADINGS:
            # text under it: body, table or caption lines (notes are smaller;
            # the page number is a lone number at the foot)
            under = [l for l in page[i + 1:] if l.height >= 0.85 * BODY_HEIGHT
                     and not re.fullmatch(r"\d+", l.text.strip())]
            if len(under) < 2:
                lonely.append((n, line.text))
check("no heading without two lines of text under it on its page", not lonely, repr(lonely))

# 5. Kerning and ligatures are in the content streams, and the text still
#    extracts as plain letters.
qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                     capture_output=True).stdout
content = qdf.decode("latin-1")
# Text is drawn by glyph id (Identity-H); each font's ToUnicode map says
# which glyph is which character.
to_unicode = []  # per font: {unicode hex: glyph hex}
for cmap in re.findall(r"beginbfchar(.*?)endbfchar", content, re.S):
    glyphs = {u.upper(): g.upper() for g, u in re.findall(r"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]+)>", cmap)}
    to_unicode.append(glyphs)


def tj_arrays(data):
    """The operands of every TJ in the content streams: lists of glyph-code
    byte strings and numbers. Strings may be hex or literal (§7.3.4)."""
    arrays = []
    for m in re.finditer(rb"\[((?:\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>|[-\d.\s])*)\]\s*TJ", data, re.S):
        items = []
        for t in re.finditer(rb"\(((?:\\.|[^\\)])*)\)|<([0-9A-Fa-f]*)>|(-?[\d.]+)", m.group(1), re.S):
            if t.group(1) is not None:
                items.append(re.sub(rb"\\(.)", lambda e: {b"n": b"\n", b"r": b"\r"}.get(e.group(1), e.group(1)),
                                    t.group(1), flags=re.S))
            elif t.group(2) is not None:
                items.append(bytes.fromhex(t.group(2).decode()))
            else:
                items.append(float(t.group(3)))
        arrays.append(items)
    return arrays


arrays = tj_arrays(qdf)
kerned = []
ligature_drawn = False
for glyphs in to_unicode:
    code = {u: bytes.fromhex(g) for u, g in glyphs.items()}
    for items in arrays:
        for a, k, b in zip(items, items[1:], items[2:]):
            # "T" moved towards "o" (Tokayev): a TJ shift, positive = closer
            if ("0054" in code and "006F" in code and isinstance(k, float) and
                    isinstance(a, bytes) and isinstance(b, bytes) and
                    a[-2:] == code["0054"] and b[:2] == code["006F"]):
                kerned.append(k)
        if "00660069" in code:  # the fi ligature glyph maps back to "fi"
            ligature_drawn |= any(isinstance(x, bytes) and any(
                x[i:i + 2] == code["00660069"] for i in range(0, len(x), 2)) for x in items)
check("kerning: 'To' is drawn closer than its advance", kerned and all(k > 0 for k in kerned),
      repr(kerned[:5]))
check("ligatures: fi is drawn with the ligature glyph", ligature_drawn)
text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
check("text still extracts whole words ('Tokayev', 'significance', 'fire')",
      "Tokayev" in text and "significance" in text and "fire" in text and "\ufb01" not in text)

# 6. Small: every face subset.
size = os.path.getsize(pdf)
check(f"the PDF is under 100 KB ({size} bytes)", size < 100_000)

passed = sum(results)
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
