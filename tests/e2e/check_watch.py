#!/usr/bin/env python3
"""briefpress watch rebuilds on a save and never leaves a broken PDF.

usage: check_watch.py BRIEFPRESS WORKDIR

Starts watch on a source that XIncludes a second file, then: an edit of
the source rebuilds; an edit of the included file rebuilds; `touch`
rebuilds; a malformed edit prints its diagnostic and keeps the last good
PDF byte for byte; SIGTERM ends the watch with status 0 and no temporary
file. Every wait polls the output with a generous limit (a loaded machine,
a sanitizer build).
"""
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

briefpress, workdir = sys.argv[1:3]
shutil.rmtree(workdir, ignore_errors=True)
os.makedirs(workdir)
results = []
WAIT_S = 120


def check(name, ok, detail=""):
    ok = bool(ok)
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}: {name}" + (f" — {detail}" if detail and not ok else ""),
          flush=True)


SOURCE = """<?xml version="1.0" encoding="UTF-8"?>
<article xmlns="http://docbook.org/ns/docbook" xmlns:xi="http://www.w3.org/2001/XInclude"
         version="5.0">
  <title>Watched</title>
  <section><title>First</title><para>{text}</para></section>
  <xi:include href="part.xml"/>
</article>
"""
PART = """<section xmlns="http://docbook.org/ns/docbook"><title>Second</title>
  <para>{text}</para></section>
"""


def write(name, text):
    """Saves as editors do: a new file renamed over the old one."""
    tmp = os.path.join(workdir, "." + name + ".swp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, os.path.join(workdir, name))


def pdf_text(path):
    return " ".join(subprocess.run(["pdftotext", path, "-"], capture_output=True,
                                   text=True).stdout.split())


write("brief.xml", SOURCE.format(text="Original wording."))
write("part.xml", PART.format(text="Included wording."))
pdf = os.path.join(workdir, "brief.pdf")
proc = subprocess.Popen([briefpress, "watch", "brief.xml", "-o", "brief.pdf"], cwd=workdir,
                        stderr=subprocess.PIPE, text=True)
lines = queue.Queue()
seen = []


def reader():
    for line in proc.stderr:
        lines.put(line.rstrip("\n"))
    lines.put(None)


threading.Thread(target=reader, daemon=True).start()


def wait_for(pattern):
    """The next line matching pattern (others are kept in `seen`), or None."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line is None:
            return None
        seen.append(line)
        if re.search(pattern, line):
            return line
    return None


BUILT = r"^brief\.pdf: \d+ pages?, \d+ KB, \d+ ms$"
try:
    check("first build", wait_for(BUILT), seen)
    check("watching: says so once set up", wait_for(r"^watching brief\.xml and \d+ files?"), seen)
    check("first PDF has both files' text",
          "Original wording." in pdf_text(pdf) and "Included wording." in pdf_text(pdf))

    write("brief.xml", SOURCE.format(text="Second wording."))
    check("an edit of the source rebuilds", wait_for(BUILT), seen)
    check("the new PDF has the edit", "Second wording." in pdf_text(pdf))

    write("part.xml", PART.format(text="Included, edited."))
    check("an edit of the included file rebuilds", wait_for(BUILT), seen)
    check("the new PDF has the included edit", "Included, edited." in pdf_text(pdf))

    subprocess.run(["touch", os.path.join(workdir, "brief.xml")], check=True)
    check("touch rebuilds", wait_for(BUILT), seen)

    with open(pdf, "rb") as f:
        good = f.read()
    write("brief.xml", SOURCE.format(text="Broken <emphasis>edit.").replace("</article>", ""))
    check("a malformed edit: its diagnostic at file:line:col",
          wait_for(r"^brief\.xml:\d+:\d+: error: .*\[xml-malformed\]$"), seen)
    check("a malformed edit: the failure line says the PDF is kept",
          wait_for(r"^brief\.xml: failed \(\d+ errors?\); brief\.pdf kept$"), seen)
    with open(pdf, "rb") as f:
        check("a malformed edit: the last good PDF is intact", f.read() == good)

    write("brief.xml", SOURCE.format(text="Fixed wording."))
    check("fixing it rebuilds", wait_for(BUILT), seen)
    check("the fixed PDF has the fix", "Fixed wording." in pdf_text(pdf))
finally:
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(timeout=WAIT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = None
check("SIGTERM ends the watch with status 0", code == 0, f"exit {code}; {seen}")
check("no temporary file left", not [n for n in os.listdir(workdir) if n.startswith(".brief.pdf")])

passed = sum(results)
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
