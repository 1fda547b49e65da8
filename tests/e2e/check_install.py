#!/usr/bin/env python3
"""cmake --install gives a briefpress that works from any folder with the
data it installed.

usage: check_install.py CMAKE BUILD_DIR REPO_DIR WORKDIR

The tree is installed into one prefix and then moved to another, so the
program can only find its data relative to itself. The installed default
style is changed to US Letter: a Letter PDF proves that style was used,
and not the source tree's A4 one.
"""
import os
import shutil
import subprocess
import sys

cmake, build_dir, repo, workdir = sys.argv[1:5]
shutil.rmtree(workdir, ignore_errors=True)
os.makedirs(workdir)
results = []


def check(name, ok, detail=""):
    ok = bool(ok)
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}: {name}" + (f" — {detail}" if detail and not ok else ""))


first, prefix = os.path.join(workdir, "first-prefix"), os.path.join(workdir, "prefix")
p = subprocess.run([cmake, "--install", build_dir, "--prefix", first], capture_output=True,
                   text=True, timeout=300)
check("cmake --install: exit 0", p.returncode == 0, p.stdout + p.stderr)
os.rename(first, prefix)

tool = os.path.join(prefix, "bin", "briefpress")
share = os.path.join(prefix, "share", "briefpress")
for path in ("bin/briefpress", "share/briefpress/styles/brief.css",
             "share/briefpress/styles/letter.css", "share/briefpress/fonts/NotoSerif-Regular.ttf",
             "share/briefpress/templates/brief.xml", "share/man/man1/briefpress.1"):
    check(f"installed {path}", os.path.exists(os.path.join(prefix, path)))

style = os.path.join(share, "styles", "brief.css")
with open(style, encoding="utf-8") as f:
    css = f.read()
check("the installed style sets the page size", "size: A4;" in css)
with open(style, "w", encoding="utf-8") as f:
    f.write(css.replace("size: A4;", "size: letter;", 1))

env = {k: v for k, v in os.environ.items() if k != "BRIEFPRESS_DATA_DIR"}
elsewhere = os.path.join(workdir, "elsewhere")
os.makedirs(elsewhere)
for name in ("kazakhstan-2022.xml", "memberships.xml"):
    shutil.copy(os.path.join(repo, "sources", name), elsewhere)


def run(*args):
    return subprocess.run([tool, *args], cwd=elsewhere, capture_output=True, text=True,
                          env=env, timeout=300)


p = run("--version")
check("--version names the installed data folder",
      p.returncode == 0 and f"data folder: {os.path.realpath(share)}" in p.stdout, p.stdout)
p = run("build", "kazakhstan-2022.xml")
pdf = os.path.join(elsewhere, "out", "kazakhstan-2022.pdf")
check("build from another folder: exit 0 and a PDF", p.returncode == 0 and os.path.exists(pdf),
      p.stderr)
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
check("the installed default style was used (Letter pages)", "612 x 792" in info, info)
fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout.splitlines()[2:]
check("fonts are embedded", fonts and all(l.split()[-5] == "yes" for l in fonts), fonts)

p = run("init", "new-brief")
check("init uses the installed template", p.returncode == 0, p.stderr)
p = run("build", "--werror", "sources/new-brief.xml")
check("the new brief builds clean", p.returncode == 0, p.stderr)

passed = sum(results)
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
