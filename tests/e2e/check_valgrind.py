#!/usr/bin/env python3
"""valgrind's memcheck on the release build: no invalid read or write, no
use of an uninitialised value, no leak, on the brief (tagged, untagged),
on every fixture, and on a document that fails (the error path frees what
the good one does). Each run must also end as it does without valgrind.

usage: check_valgrind.py BRIEFPRESS SOURCE.xml FIXTURES_DIR BROKEN.xml WORKDIR
"""
import glob
import os
import shutil
import subprocess
import sys

briefpress, source, fixtures, broken, workdir = sys.argv[1:6]
shutil.rmtree(workdir, ignore_errors=True)
os.makedirs(workdir)
env = dict(os.environ, SOURCE_DATE_EPOCH="1643673600")
VALGRIND_ERROR = 99  # never one of briefpress's own exit codes (0-3)
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("ok:   " if ok else "FAIL: ") + name + ("" if ok or not detail else " — " + str(detail)[-1500:]))


def memcheck(name, args, expect_exit):
    log = os.path.join(workdir, name + ".log")
    p = subprocess.run(["valgrind", "--quiet", f"--error-exitcode={VALGRIND_ERROR}",
                        "--leak-check=full", "--errors-for-leak-kinds=definite,indirect",
                        # mimalloc's malloc, replaced by valgrind's so it sees the heap
                        "--soname-synonyms=somalloc=libmimalloc.so.2",
                        f"--log-file={log}", briefpress, *args],
                       capture_output=True, text=True, env=env)
    report = open(log).read()
    # Any error or leak makes valgrind exit VALGRIND_ERROR instead.
    check(f"{name}: exit {expect_exit}, no memcheck errors or leaks", p.returncode == expect_exit,
          f"exit {p.returncode}: " + (report or p.stderr))


memcheck("brief", ["build", source, "-o", os.path.join(workdir, "brief.pdf")], 0)
memcheck("brief-untagged", ["build", source, "--no-tags", "--pdfa=none",
                            "-o", os.path.join(workdir, "plain.pdf")], 0)
for src in sorted(glob.glob(os.path.join(fixtures, "*.xml"))):
    name = os.path.splitext(os.path.basename(src))[0]
    memcheck(name, ["build", src, "-o", os.path.join(workdir, name + ".pdf")], 0)
memcheck("broken", ["build", broken, "-o", os.path.join(workdir, "broken.pdf")], 1)

passed = sum(results)
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
