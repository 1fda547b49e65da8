#!/usr/bin/env python3
"""Tagged PDFs (the default; --no-tags leaves the structure out): the structure checkpoints of pdfua.py pass on the
brief and on every fixture; the structure tree reads the brief's seed text
in order with each note once; tagging changes nothing a reader sees; and the
checker fails on PDFs broken on purpose.

usage: check_tagged.py BRIEFPRESS SOURCE.xml SEED.txt FIXTURES_DIR WORKDIR
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfua  # noqa: E402

briefpress, source, seed_path, fixtures, workdir = sys.argv[1:6]
shutil.rmtree(workdir, ignore_errors=True)
os.makedirs(workdir)
env = dict(os.environ, SOURCE_DATE_EPOCH="1643673600")
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("ok:   " if ok else "FAIL: ") + name + ("" if ok or not detail else " — " + str(detail)[:600]))


def build(src, out, *extra):
    return subprocess.run([briefpress, "build", src, "-o", out, *extra], capture_output=True,
                          text=True, env=env)


def normalize(s):
    return re.sub(r"\s+", " ", s).strip()


tagged = os.path.join(workdir, "brief-tagged.pdf")
plain = os.path.join(workdir, "brief.pdf")
p = build(source, tagged)
check("the brief builds tagged", p.returncode == 0 and "warning" not in p.stderr, p.stderr)
build(source, plain, "--no-tags")
problems = pdfua.check(tagged)
check(f"the brief passes the {len(pdfua.CHECKPOINTS)} PDF/UA and PDF/A checkpoints", not problems,
      problems)
info = subprocess.run(["pdfinfo", tagged], capture_output=True, text=True).stdout
check("pdfinfo says Tagged: yes", re.search(r"^Tagged:\s+yes", info, re.M), info)
q = subprocess.run(["qpdf", "--check", tagged], capture_output=True, text=True)
check("qpdf --check passes", q.returncode == 0, q.stdout[-400:])

# The structure's text, in tree order, holds every seed sentence in order.
text, names = pdfua.struct_text(tagged)
text = normalize(text)
sentences = []
for para in open(seed_path, encoding="utf-8").read().splitlines():
    para = para.strip()
    if para and re.search(r"[.”]$", para):
        sentences += [normalize(s) for s in re.split(r"(?<=[.”])\s+(?=[A-Z“])", para) if s]
pos, out_of_order = 0, []
for s in sentences:
    found = text.find(s, pos)
    if found < 0:
        out_of_order.append(s)
    else:
        pos = found + len(s)
check(f"the structure reads all {len(sentences)} seed sentences, in order", not out_of_order,
      out_of_order[:3])
n_notes = len(re.findall(r"<footnote\b", open(source, encoding="utf-8").read()))
check(f"each of the {n_notes} footnotes is one Note", names.count("Note") == n_notes,
      f"{names.count('Note')} Note elements")
check("headings are H elements", names.count("H1") >= 2 and names.count("H2") >= 10,
      f"H1 {names.count('H1')}, H2 {names.count('H2')}")
check("the contents are a TOC of TOCIs", names.count("TOC") == 1 and names.count("TOCI") >= 10)
running = text.count("A Legacy of Political Repression")
check("running heads and page numbers are artifacts (a heading's text is read "
      f"in its heading and TOC entry only: {running})", running == 2)

# Every link says where it leads (its /Contents, read for the link): a TOC
# entry's link its entry's title, a citation's its source; none the bare
# fallback "Link".
qj = subprocess.run(["qpdf", "--json=2", tagged], capture_output=True, text=True).stdout
objects = json.loads(qj)["qpdf"][1]


def text_of(v):
    v = str(v)
    if v.startswith("u:"):
        return v[2:]
    if v.startswith("b:"):
        raw = bytes.fromhex(v[2:])
        return raw[2:].decode("utf-16-be") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")
    return v


contents = [text_of(o["value"].get("/Contents", "")) for o in objects.values()
            if isinstance(o.get("value"), dict) and o["value"].get("/Subtype") == "/Link"]
vague = [c for c in contents if c.strip() in ("", "Link")]
check(f"each of the {len(contents)} links says where it leads", contents and not vague,
      f"{len(vague)} say only 'Link'")
check("TOC links are described by their entry",
      "1 A Legacy of Political Repression" in contents and "Bibliography" in contents,
      sorted(set(contents))[:8])

# Tagging changes nothing on the page.
t1 = subprocess.run(["pdftotext", "-layout", tagged, "-"], capture_output=True).stdout
t2 = subprocess.run(["pdftotext", "-layout", plain, "-"], capture_output=True).stdout
check("the tagged and untagged briefs read the same", t1 == t2)
again = os.path.join(workdir, "brief-tagged-2.pdf")
build(source, again)
check("two tagged builds are byte-identical", open(again, "rb").read() == open(tagged, "rb").read())

# The /ID comes from the content: one word changed, another /ID.
def file_id(path):
    m = re.search(rb"/ID \[<([0-9A-F]+)>", open(path, "rb").read())
    return m.group(1) if m else None


copy_dir = os.path.join(workdir, "changed")
shutil.copytree(os.path.dirname(os.path.abspath(source)), copy_dir)
copy = os.path.join(copy_dir, os.path.basename(source))
text = open(copy, encoding="utf-8").read()
open(copy, "w", encoding="utf-8").write(text.replace("crackdowns", "crackdown", 1))
changed = os.path.join(workdir, "changed.pdf")
build(copy, changed)
check("a one-word change gives another /ID; the same input the same",
      file_id(tagged) and file_id(changed) and file_id(tagged) != file_id(changed)
      and file_id(again) == file_id(tagged), (file_id(tagged), file_id(changed)))

# Every fixture passes too.
failing = []
for src in sorted(glob.glob(os.path.join(fixtures, "*.xml"))):
    out = os.path.join(workdir, os.path.basename(src)[:-4] + ".pdf")
    if build(src, out).returncode != 0:
        continue
    probs = pdfua.check(out)
    if probs:
        failing.append((os.path.basename(src), probs[:2]))
check("every fixture that builds passes the checkpoints", not failing, failing)

# The checker fails on broken PDFs.
check("an untagged PDF fails", pdfua.check(plain))
qdf = os.path.join(workdir, "brief.qdf")
subprocess.run(["qpdf", "--qdf", "--object-streams=disable", tagged, qdf], check=True)
body = open(qdf, "rb").read()


def broken(name, data):
    path = os.path.join(workdir, name + ".qdf")
    with open(path, "wb") as f:
        f.write(data)
    fixed = os.path.join(workdir, name + ".pdf")
    with open(fixed, "wb") as f:
        subprocess.run(["fix-qdf", path], stdout=f, check=True)
    return pdfua.check(fixed)


noarchive = os.path.join(workdir, "brief-no-pdfa.pdf")
build(source, noarchive, "--pdfa=none")
check("a PDF without PDF/A identification fails", pdfua.check(noarchive))
check("a PDF with /Marked false fails",
      broken("unmarked", body.replace(b"/Marked true", b"/Marked false", 1)))
check("a PDF with text outside marked content fails",
      broken("bare-text", re.sub(rb"/P\s*<<\s*/MCID (\d+)\s*>>\s*BDC\n", b"", body, count=1)))
check("a PDF whose ParentTree misses an element fails",
      broken("orphan", re.sub(rb"/StructParents \d+", b"/StructParents 999", body, count=1)))
check("a PDF with an artifact inside tagged content fails",
      broken("nested-artifact", re.sub(rb"(/MCID \d+\s*>>\s*BDC\n)", rb"\1/Artifact BMC\nEMC\n",
                                       body, count=1)))
assert re.search(rb"EMC\nET\n", body)
check("a PDF whose marked content and text object overlap fails",
      broken("overlap", re.sub(rb"EMC\nET\n", b"ET\nEMC\n", body, count=1)))
check("a PDF with a link annotation outside the structure fails",
      broken("stray-link", re.sub(rb"/StructParent \d+", b"/StructParent 99999", body, count=1)))

passed = sum(results)
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
