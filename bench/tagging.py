#!/usr/bin/env python3
"""What tagging (PDF/UA structure, the default) costs against --no-tags, on
the brief and on the ~200-page benchmark brief (bench/gen_brief.py): median
wall time of each side by side (hyperfine), file sizes and ratios; then,
for the 200-page document, where the extra bytes go: each kind of object in
the object streams (its marginal cost: the streams compressed with and
without it), the ParentTree, and the marked-content operators in the pages.

usage: bench/tagging.py [BRIEFPRESS] [--runs N]   (default build/briefpress, 20 runs)
Timings are for reading, never asserted: machines are noisy.
"""
import os
import re
import shutil
import subprocess
import tempfile
import zlib

from common import BRIEF, generate, medians, parse_args, require

PER_OBJECT_STREAM = 250  # as src/render/compact.c packs them


def packed_objects(pdf):
    """(number, body) of every object in the file's object streams."""
    data = open(pdf, "rb").read()
    objects = []
    for m in re.finditer(rb"/Type /ObjStm /N (\d+) /First (\d+) /Filter /FlateDecode /Length (\d+)"
                         rb">>\nstream\n", data):
        first, length = int(m.group(2)), int(m.group(3))
        plain = zlib.decompress(data[m.end():m.end() + length])
        nums = list(map(int, plain[:first].split()))
        pairs = list(zip(nums[0::2], nums[1::2]))
        for i, (number, offset) in enumerate(pairs):
            end = pairs[i + 1][1] if i + 1 < len(pairs) else len(plain) - first
            objects.append((number, plain[first + offset:first + end]))
    return objects


def kind(body):
    m = re.match(rb"<</S/(\w+)", body)
    if m:
        return m.group(1).decode()
    if body.startswith(b"<</Nums"):
        return "ParentTree"
    if body.startswith(b"<</Type/StructTreeRoot"):
        return "StructTreeRoot"
    return "(not structure)"


def packed_size(objects):
    total = 0
    for i in range(0, len(objects), PER_OBJECT_STREAM):
        group = objects[i:i + PER_OBJECT_STREAM]
        head, bodies = [], b""
        for number, body in group:
            head.append(b"%d %d" % (number, len(bodies)))
            bodies += body.strip() + b"\n"
        total += len(zlib.compress(b" ".join(head) + b"\n" + bodies, 6))
    return total


def marked_content_cost(pdf, work):
    """Compressed bytes the BDC/BMC...EMC operators add to the pages, and
    the number of MCIDs."""
    qdf = os.path.join(work, "expanded.pdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf], check=True)
    data = open(qdf, "rb").read()
    pages = re.findall(rb"%% Contents for page \d+\n%% Original object ID: \d+ 0\n\d+ 0 obj\n"
                       rb"<<.*?>>\nstream\n(.*?)endstream", data, re.S)
    marks = re.compile(rb"/\w+<</MCID \d+>>BDC\n|EMC\n|/Artifact BMC\n")
    with_marks = sum(len(zlib.compress(p, 6)) for p in pages)
    without = sum(len(zlib.compress(marks.sub(b"", p), 6)) for p in pages)
    return with_marks - without, sum(len(re.findall(rb"/MCID", p)) for p in pages)


def main():
    tool, runs = parse_args(20)
    require("hyperfine", "qpdf")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1643673600")  # the same bytes every run
    work = tempfile.mkdtemp(prefix="briefpress-tagging-")
    big = os.path.join(work, "brief-200.xml")
    generate(200, big)
    docs = [("brief", BRIEF), ("~200 pages", big)]
    print(f"{'document':<12}{'time untagged → tagged':>30}{'size untagged → tagged':>34}")
    for name, src in docs:
        plain = os.path.join(work, name[-5:] + "-plain.pdf")
        tagged = os.path.join(work, name[-5:] + "-tagged.pdf")
        t_plain, t_tagged = medians([f"{tool} build {src} -o {plain} --no-tags",
                                     f"{tool} build {src} -o {tagged}"],
                                    runs if name == "brief" else max(5, runs // 2), work, 3)
        s_plain, s_tagged = os.path.getsize(plain), os.path.getsize(tagged)
        print(f"{name:<12}{1000 * t_plain:>10.1f} → {1000 * t_tagged:.1f} ms "
              f"({100 * (t_tagged / t_plain - 1):+.0f}%)"
              f"{s_plain:>12,} → {s_tagged:,} bytes ({100 * (s_tagged / s_plain - 1):+.0f}%)")

    objects = packed_objects(tagged)
    whole = packed_size(objects)
    counts = {}
    for _, body in objects:
        counts[kind(body)] = counts.get(kind(body), 0) + 1
    print(f"\nwhere the ~200-page document's structure goes (object streams "
          f"{whole:,} bytes compressed):")
    print(f"{'kind':<18}{'objects':>9}{'bytes':>9}{'per object':>12}")
    for k in sorted(counts, key=lambda k: -counts[k]):
        if k == "(not structure)":
            continue
        cost = whole - packed_size([o for o in objects if kind(o[1]) != k])
        print(f"{k:<18}{counts[k]:>9}{cost:>9,}{cost / counts[k]:>12.1f}")
    marks, mcids = marked_content_cost(tagged, work)
    print(f"{'marked content':<18}{mcids:>9}{marks:>9,}{marks / max(1, mcids):>12.1f}"
          "   (BDC/EMC in the pages, per MCID)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
