#!/usr/bin/env python3
"""Writes a large brief for benchmarks: the Kazakhstan brief with its two
body parts repeated until the document reaches about PAGES pages. Each copy
keeps its footnotes, citations and cross-references (ids renamed per copy,
so every reference resolves within its copy) and adds a 60-row table, so
notes, the TOC fixpoint, the table engine and page building all scale.

usage: gen_brief.py PAGES OUT.xml   (PAGES about 10, 200, 2000)
"""
import os
import re
import shutil
import sys

PAGES_PER_COPY = 7.5  # the two parts plus the table, as set by styles/brief.css


def table(k):
    rows = "".join(
        f"<row><entry>Item {k}.{i}</entry><entry>{1990 + i % 33}</entry>"
        f"<entry>A note on the measure taken in year {1990 + i % 33}, "
        f"with its outcome and the body that reported it.</entry></row>"
        for i in range(60))
    return (f'<table xml:id="tab-bench-{k}"><title>Measures recorded, copy {k}</title>'
            '<tgroup cols="3"><colspec colwidth="2*"/><colspec colwidth="1*"/>'
            '<colspec colwidth="5*"/><thead><row><entry>Item</entry><entry>Year</entry>'
            f'<entry>Description</entry></row></thead><tbody>{rows}</tbody></tgroup></table>')


def main():
    pages, out = float(sys.argv[1]), sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    src = open(os.path.join(here, "..", "sources", "kazakhstan-2022.xml"), encoding="utf-8").read()
    start = src.index('<section xml:id="sec-repression">')
    end = src.index("<appendix")
    body = src[start:end]
    copies = max(0, round((pages - 10) / PAGES_PER_COPY))
    extra = []
    for k in range(1, copies + 1):
        copy = re.sub(r'(xml:id="|linkend="|xlink:href="#)sec-', rf"\1sec-c{k}-", body)
        # The copy's first section carries the extra table after its paragraphs.
        copy = copy.replace("</section>", table(k) + "</section>", 1)
        extra.append(copy)
    doc = src[:end] + "".join(extra) + src[end:]
    with open(out, "w", encoding="utf-8") as f:
        f.write(doc)
    # The membership data is read from beside the source.
    shutil.copy(os.path.join(here, "..", "sources", "memberships.xml"),
                os.path.join(os.path.dirname(os.path.abspath(out)), "memberships.xml"))
    print(f"{out}: {copies} extra copies, {len(doc) // 1024} KB")


if __name__ == "__main__":
    main()
