#!/usr/bin/env python3
"""briefpress over the shared corpus of real DocBook 4 and 5 documents.

usage: check_corpus.py BRIEFPRESS CORPUS_DIR WORKDIR

Each document must give a valid PDF (qpdf --check) or a located diagnostic
("file:line:col: error: … [code]") and exit 1: no crash, no other exit,
nothing over 10 s. For each document that builds, at least 95% of the
words in its text (outside <info> metadata and index terms; XIncludes
expanded by xmllint) must be found in pdftotext's output. The last line
gives the totals.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfua  # noqa: E402
import xml.etree.ElementTree as ET

briefpress, corpus, workdir = sys.argv[1:4]
os.makedirs(workdir, exist_ok=True)
# Metadata, not running text: every *info element, index terms, remarks,
# revision histories, short titles; a bibliography entry's abbrev (its
# citation key), a table's text alternative (for screen readers) and a
# media object that has an image (drawn instead of its text alternative).
SKIP = {"indexterm", "remark", "revhistory", "titleabbrev"}
SKIP_IN = {("biblioentry", "abbrev"), ("table", "textobject"), ("informaltable", "textobject"),
           ("table", "alt"), ("informaltable", "alt")}
INLINE = {"superscript", "subscript", "emphasis", "phrase", "literal", "code", "quote",
          "foreignphrase", "firstterm", "glossterm", "acronym", "abbrev", "wordasword",
          "replaceable", "filename", "command", "option", "varname", "function", "link"}
# Words: runs of letters and digits; each Chinese or Japanese character is a
# word of its own, since those scripts put no spaces between words.
WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+",
                  re.UNICODE)


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def source_words(path):
    """Words of the document's text, or None when xmllint cannot read it."""
    p = subprocess.run(["xmllint", "--xinclude", "--nonet", path], capture_output=True)
    if p.returncode not in (0,) or not p.stdout:
        return None
    try:
        root = ET.fromstring(p.stdout)
    except ET.ParseError:
        return None
    pieces = []

    def walk(e, parent=""):
        tag = local(e.tag)
        if tag in SKIP or tag.endswith("info") or (parent, tag) in SKIP_IN:
            return
        if tag == "mediaobject" and any(local(c.tag) == "imageobject" for c in e):
            # The image is drawn; its text alternative is for when it is not.
            return
        # Inline elements join their neighbours ("mc" + superscript "2" is
        # the word "mc2" on the page); other elements are separate words.
        sep = "" if tag in INLINE else " "
        pieces.append(sep)
        if e.text:
            pieces.append(e.text)
        for c in e:
            walk(c, tag)
            if c.tail:
                pieces.append(c.tail)
        pieces.append(sep)
    walk(root)
    return WORD.findall("".join(pieces))


docs = []
for base, _, files in os.walk(corpus):
    docs += [os.path.join(base, f) for f in files if f.endswith(".xml")]
docs.sort()
results = []
built = refused = crashed = slow = 0
word_fail = []
tagged_fail = []
reasons = {}
for doc in docs:
    name = os.path.relpath(doc, corpus)
    pdf = os.path.join(workdir, "out.pdf")
    if os.path.exists(pdf):
        os.remove(pdf)
    try:
        # Test documents share a media folder beside their own (../media).
        p = subprocess.run([briefpress, "build", doc, "-o", pdf, "--allow-path", corpus],
                           capture_output=True, text=True, timeout=10)
    except subprocess.TimeoutExpired:
        slow += 1
        print(f"FAIL: {name}: over 10 s")
        results.append(False)
        continue
    if "Sanitizer" in p.stderr or "runtime error" in p.stderr:
        crashed += 1
        print(f"FAIL: {name}: sanitizer report\n{p.stderr[-2000:]}")
        results.append(False)
        continue
    if p.returncode == 0:
        q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
        if q.returncode != 0:
            print(f"FAIL: {name}: qpdf --check\n{q.stdout[-500:]}")
            results.append(False)
            continue
        built += 1
        words = source_words(doc)
        if words:
            # Both of poppler's readings: its layout analysis sometimes joins
            # short words that -raw (content order) keeps apart.
            found = set()
            for mode in ([], ["-raw"]):
                text = subprocess.run(["pdftotext", *mode, pdf, "-"], capture_output=True,
                                      text=True).stdout
                found |= set(WORD.findall(text))
            share = sum(w in found for w in words) / len(words)
            if share < 0.95:
                missing = sorted({w for w in words if w not in found})[:12]
                word_fail.append((name, share))
                print(f"FAIL: {name}: {share:.1%} of its words in the PDF; missing {missing}")
                results.append(False)
                continue
        # The PDF/UA and PDF/A checkpoints hold, but for a figure the
        # document gives no text alternative (it was warned of).
        problems = [x for x in pdfua.check(pdf)
                    if not ("has no /Alt" in x and "[figure-no-alt]" in p.stderr)]
        if problems:
            tagged_fail.append(name)
            print(f"FAIL: {name}: {problems[:3]}")
            results.append(False)
            continue
        results.append(True)
    elif p.returncode == 1 and re.search(r":\d+:\d+: error: .*\[[a-z-]+\]", p.stderr):
        refused += 1
        code = re.search(r"\[([a-z-]+)\]\s*$", p.stderr.strip().splitlines()[-1] if p.stderr.strip() else "")
        m = re.search(r"error: .*\[([a-z-]+)\]", p.stderr)
        reasons[m.group(1)] = reasons.get(m.group(1), 0) + 1
        results.append(True)
    else:
        crashed += 1
        print(f"FAIL: {name}: exit {p.returncode} without a located error\n{p.stderr[-800:]}")
        results.append(False)

passed = sum(results)
print(f"corpus: {len(docs)} documents, {built} built, {refused} refused "
      f"({', '.join(f'{k} {v}' for k, v in sorted(reasons.items()))}), {crashed} crashed, "
      f"{slow} over 10 s, {len(word_fail)} short of 95% words, "
      f"{len(tagged_fail)} failing the PDF/UA and PDF/A checkpoints")
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
