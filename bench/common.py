"""What the benchmark scripts share: their command line, the tools they
need, the generated briefs and hyperfine's medians."""
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BRIEF = os.path.join(ROOT, "sources", "kazakhstan-2022.xml")
PACKAGE = {"pdfinfo": "poppler-utils"}  # Debian package of a tool, where named otherwise


def parse_args(default_runs):
    """[BRIEFPRESS] [--runs N] → (the briefpress to time, runs)."""
    args = sys.argv[1:]
    runs = default_runs
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    return os.path.abspath(args[0] if args else os.path.join(ROOT, "build", "briefpress")), runs


def require(*tools):
    for tool in tools:
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is needed (apt-get install {PACKAGE.get(tool, tool)})")


def generate(pages, path):
    """Writes a brief of about `pages` pages (bench/gen_brief.py) to path."""
    subprocess.run([sys.executable, os.path.join(HERE, "gen_brief.py"), str(pages), path],
                   check=True, capture_output=True)


def medians(commands, runs, work, warmup=2):
    """hyperfine's median wall time of each command, in seconds, run side by side."""
    out = os.path.join(work, "hf.json")
    subprocess.run(["hyperfine", "-N", "-w", str(warmup), "-r", str(runs), "--export-json", out,
                    *commands], check=True, capture_output=True)
    with open(out) as f:
        return [r["median"] for r in json.load(f)["results"]]


def timed(argv):
    """Wall time of one run of argv, spawned from Python (about a
    millisecond more than the process itself)."""
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start
