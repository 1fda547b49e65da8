#!/usr/bin/env python3
"""Style sheets: diagnostics with file:line:col, the cascade (computed styles
dumped and compared), both paper sizes, running heads read back from the PDF.

usage: check_styles.py BRIEFPRESS SOURCE.xml STYLES_DIR TEST_STYLES_DIR WORKDIR
"""
import glob
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdftext  # noqa: E402

briefpress, source, styles, tests, workdir = sys.argv[1:6]
os.makedirs(workdir, exist_ok=True)
results = []
cascade_doc = os.path.join(tests, "cascade.xml")


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}: {name}" + (f" — {detail}" if detail and not ok else ""))


# 1. Diagnostics: each sheet names what it must produce.
for css in sorted(glob.glob(os.path.join(tests, "*.css"))):
    expects = re.findall(r"/\*\s*expect:\s*(\d+):(\d+) (error|warning) (\S+)\s*(.*?)\s*\*/",
                         open(css, encoding="utf-8").read())
    if not expects:
        continue
    p = subprocess.run([briefpress, "check", cascade_doc, "--style", css], capture_output=True,
                       text=True)
    name = os.path.basename(css)
    want_exit = 1 if any(e[2] == "error" for e in expects) else 0
    check(f"{name}: exit {want_exit}", p.returncode == want_exit, p.stderr)
    for line, col, sev, code, msg in expects:
        pattern = (re.escape(f"{css}:{line}:{col}: {sev}: ") + ".*" + re.escape(msg) + ".*" +
                   re.escape(f"[{code}]"))
        check(f"{name}: {line}:{col} {sev} [{code}]", re.search(pattern, p.stderr) is not None,
              p.stderr)

# 2. Cascade and specificity: the computed styles, as text.
p = subprocess.run([briefpress, "check", cascade_doc, "--style", os.path.join(tests, "cascade.css"),
                    "--dump=styles"], capture_output=True, text=True)
expected = open(os.path.join(tests, "cascade.expected"), encoding="utf-8").read()
check("cascade: computed styles as expected", p.stdout == expected,
      "\n".join(l for l in p.stdout.splitlines() if l not in expected.splitlines()))

# 3. Both paper sizes; the letter style imports the A4 one.
sizes = {"brief.css": "595.276 x 841.89", "letter.css": "612 x 792"}
pdfs = {}
for css, size in sizes.items():
    pdf = os.path.join(workdir, css.replace(".css", ".pdf"))
    p = subprocess.run([briefpress, "build", source, "-o", pdf, "--style",
                        os.path.join(styles, css)], capture_output=True, text=True)
    check(f"the brief builds with {css} without warnings",
          p.returncode == 0 and "warning" not in p.stderr, p.stderr)
    info = pdftext.run("pdfinfo", pdf).stdout
    check(f"{css}: pages are {size} pt", f"Page size:       {size} pts" in info,
          re.search(r"Page size:.*", info).group(0))
    pdfs[css] = pdf

# 4. Running heads: every page after the first shows, at its top, the title
#    of the top-level division in force (its first heading on the page, else
#    the last one before).
for css, pdf in pdfs.items():
    pages = pdftext.pages(pdf)
    tops = []  # (page, title) of top-level headings
    for n, page in enumerate(pages, 1):
        for i, line in enumerate(page):
            t = pdftext.strip_marks(pdftext.normalize(line.text))
            if i + 1 < len(page) and abs(page[i + 1].height - line.height) < 0.1 and \
                    0 < page[i + 1].y0 - line.y0 < 1.6 * line.height:
                t += " " + pdftext.normalize(page[i + 1].text)  # a heading that wraps
            m = re.match(r"^(?:\d+|Appendix [A-Z])\s+(.+)$", t)
            big = line.height > 1.3 * pdftext.body_height(pages)
            if big and (m or t == "Bibliography"):
                tops.append((n, m.group(1) if m else t))
    wrong = []
    for n in range(2, len(pages) + 1):
        on_page = [t for p, t in tops if p == n]
        before = [t for p, t in tops if p < n]
        want = on_page[0] if on_page else (before[-1] if before else "")
        head = pdftext.normalize(pages[n - 1][0].text) if pages[n - 1] else ""
        if head != want:
            wrong.append((n, head, want))
    check(f"{css}: running heads show the current top-level section ({len(pages) - 1} pages)",
          not wrong and len(tops) >= 3, repr(wrong[:5]) + f" tops={tops}")
    first = pdftext.normalize(pages[0][0].text)
    check(f"{css}: no running head on the title page", first.startswith("Kazakhstan"), first)

passed = sum(results)
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
