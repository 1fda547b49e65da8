#!/usr/bin/env python3
"""The man page renders without a warning and documents every command,
option and environment variable `briefpress --help` names.

usage: check_manpage.py BRIEFPRESS MANPAGE
"""
import os
import re
import subprocess
import sys

briefpress, manpage = sys.argv[1:3]
results = []


def check(name, ok, detail=""):
    ok = bool(ok)
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}: {name}" + (f" — {detail}" if detail and not ok else ""))


g = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", manpage], capture_output=True,
                   text=True)
check("groff -ww: no warning", g.returncode == 0 and g.stderr == "", g.stderr)
env = dict(os.environ, MANWIDTH="80", MANPAGER="cat", PAGER="cat", LC_ALL="C.UTF-8")
m = subprocess.run(["man", "--warnings", "-l", manpage], capture_output=True, text=True, env=env)
check("man -l renders it without a warning", m.returncode == 0 and m.stderr == "", m.stderr)
page = m.stdout
for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS", "EXIT STATUS",
                "ENVIRONMENT", "FILES"):
    check(f"section {section}", re.search(rf"^{section}$", page, re.M))

help_text = subprocess.run([briefpress, "--help"], capture_output=True, text=True).stdout
names = set(re.findall(r"(?<![\w-])(--?[a-z][\w=-]*)", help_text.split("exit status")[0]))
names |= {"build", "check", "watch", "export", "init"}
names |= {"SOURCE_DATE_EPOCH", "NO_COLOR", "BRIEFPRESS_DATA_DIR"}
flat = page.replace("\u2010", "-").replace("\u2212", "-")
for name in sorted(names):
    check(f"documents {name}", re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", flat), name)

passed = sum(results)
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
