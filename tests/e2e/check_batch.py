#!/usr/bin/env python3
"""Batch builds, --werror and coloured diagnostics.

usage: check_batch.py BRIEFPRESS REPO_DIR WORKDIR

- build a.xml bad.xml b.xml -j 2: the good PDFs are written, the bad source
  is reported at its line and column, one result line per source in source
  order, a summary "2 built, 1 failed", exit 1;
- -o with several sources is a usage error (exit 2);
- --werror: a source with only a warning fails (exit 1) and its earlier PDF
  stays; check --werror fails the same way;
- diagnostics are coloured on a terminal, not with NO_COLOR, not in a pipe.
"""
import os
import pty
import re
import shutil
import subprocess
import sys

briefpress, repo, workdir = sys.argv[1:4]
shutil.rmtree(workdir, ignore_errors=True)
os.makedirs(workdir)
results = []
TIMEOUT = 300
SENTINEL = b"%PDF-1.4\n% a good PDF from an earlier build\n"


def check(name, ok, detail=""):
    ok = bool(ok)
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}: {name}" + (f" — {detail}" if detail and not ok else ""))


def run(*args, env=None):
    return subprocess.run([briefpress, *args], cwd=workdir, capture_output=True, text=True,
                          timeout=TIMEOUT, env=env)


def write(name, text):
    with open(os.path.join(workdir, name), "w", encoding="utf-8") as f:
        f.write(text)


def article(body):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<article xmlns="http://docbook.org/ns/docbook" version="5.0">\n'
            f'  <title>Batch</title>\n{body}\n</article>\n')


write("a.xml", article('  <section xml:id="s1"><title>One</title><para>First brief.</para></section>'))
write("bad.xml", article('  <section><title>Two</title>\n'
                         '    <para>See <xref linkend="nowhere"/>.</para></section>'))
write("b.xml", article('  <section><title>Three</title><para>Third brief.</para></section>'))
write("warn.xml", article('  <section><title>Four</title>\n'
                          '    <para>A <gizmo>gadget</gizmo> here.</para></section>'))

# A mix of good and bad sources, two at a time.
p = run("build", "a.xml", "bad.xml", "b.xml", "-j", "2")
check("batch: exit 1", p.returncode == 1, p.stderr)
for name in ("a", "b"):
    pdf = os.path.join(workdir, "out", name + ".pdf")
    q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
    check(f"batch: out/{name}.pdf is a valid PDF", q.returncode == 0, q.stdout + q.stderr)
check("batch: no PDF for the bad source", not os.path.exists(os.path.join(workdir, "out", "bad.pdf")))
check("batch: the bad source's diagnostic at line:col",
      re.search(r"^bad\.xml:5:\d+: error: .*\[xref-unresolved\]$", p.stderr, re.M) is not None,
      p.stderr)
lines = [l for l in p.stderr.splitlines() if not re.match(r"bad\.xml:\d+:", l)]
result_line = r"out/{}\.pdf: 1 page, \d+ KB, \d+ ms"
check("batch: one result line per source, in source order, then the summary",
      len(lines) == 4 and re.fullmatch(result_line.format("a"), lines[0]) is not None
      and re.fullmatch(r"bad\.xml: failed \(1 error\)", lines[1]) is not None
      and re.fullmatch(result_line.format("b"), lines[2]) is not None
      and lines[3] == "2 built, 1 failed", p.stderr)
check("batch: no progress line when stderr is not a terminal", "\r" not in p.stderr, repr(p.stderr))

p = run("build", "a.xml", "b.xml", "-j4")
check("batch: all good, exit 0 and '2 built, 0 failed'",
      p.returncode == 0 and p.stderr.splitlines()[-1:] == ["2 built, 0 failed"], p.stderr)
p = run("build", "a.xml", "b.xml", "-o", "x.pdf")
check("-o with several sources: exit 2", p.returncode == 2 and "-o" in p.stderr, p.stderr)
p = run("build", "a.xml", "-j", "0")
check("-j 0: exit 2", p.returncode == 2, p.stderr)

# --werror: a warning fails the build and the earlier PDF stays.
p = run("build", "warn.xml")
check("without --werror a warning builds", p.returncode == 0 and "[unknown-element]" in p.stderr,
      p.stderr)
with open(os.path.join(workdir, "out", "warn.pdf"), "wb") as f:
    f.write(SENTINEL)
p = run("build", "warn.xml", "--werror")
check("--werror: a warning fails the build (exit 1)", p.returncode == 1, p.stderr)
check("--werror: the result line says why",
      "warn.xml: failed (1 warning, --werror); out/warn.pdf kept" in p.stderr, p.stderr)
with open(os.path.join(workdir, "out", "warn.pdf"), "rb") as f:
    check("--werror: the earlier PDF is untouched", f.read() == SENTINEL)
check("--werror: no temporary file left",
      not [n for n in os.listdir(os.path.join(workdir, "out")) if n.startswith(".")])
p = run("check", "warn.xml", "--werror")
check("check --werror: exit 1", p.returncode == 1, p.stderr)
p = run("check", "a.xml", "--werror")
check("check --werror on a clean source: exit 0", p.returncode == 0, p.stderr)


def run_on_terminal(args, env):
    """Runs briefpress with stderr (and stdout) on a pseudo-terminal."""
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(workdir)
        os.execve(briefpress, [briefpress, *args], env)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")


env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
code, out = run_on_terminal(["check", "bad.xml"], env)
check("terminal: the severity is coloured and the location bold",
      code == 1 and "\033[1;31merror:\033[0m" in out and "\033[1mbad.xml:5:" in out, repr(out))
code, out = run_on_terminal(["check", "bad.xml"], dict(env, NO_COLOR="1"))
check("terminal with NO_COLOR: no colour, same text",
      code == 1 and "\033[" not in out and re.search(r"bad\.xml:5:\d+: error: ", out), repr(out))
p = run("check", "bad.xml", env=env)
check("pipe: no colour", "\033[" not in p.stderr, repr(p.stderr))

passed = sum(results)
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
