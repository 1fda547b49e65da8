"""Read a PDF back with poppler, the way a reader's tools see it.

Shared by the end-to-end tests. Everything here runs poppler-utils
(pdftotext, pdfinfo) on the real file; nothing asks briefpress.
"""
import html
import re
import subprocess

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
WORD_RE = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def run(*args, check=True):
    return subprocess.run(args, check=check, capture_output=True, text=True)


def page_count(pdf):
    out = run("pdfinfo", pdf).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


class Line:
    """One text line: its words, its top y and its height (≈ font size)."""

    def __init__(self, words):
        self.words = [w[4] for w in words]
        self.x0 = min(w[0] for w in words)
        self.x1 = max(w[2] for w in words)
        self.y0 = min(w[1] for w in words)
        self.height = max(w[3] - w[1] for w in words)

    @property
    def text(self):
        return " ".join(self.words)


def pages(pdf):
    """Lines of each page, top to bottom, from pdftotext -bbox-layout."""
    xml = run("pdftotext", "-bbox-layout", pdf, "-").stdout
    result = []
    for page in xml.split("<page ")[1:]:
        lines = []
        for chunk in page.split("<line ")[1:]:
            words = [(float(a), float(b), float(c), float(d), html.unescape(t))
                     for a, b, c, d, t in WORD_RE.findall(chunk)]
            if words:
                lines.append(Line(words))
        lines.sort(key=lambda l: (round(l.y0, 1), l.x0))
        result.append(lines)
    return result


def page_texts(pdf):
    """Plain text of each page (pdftotext -layout, one call per page)."""
    n = page_count(pdf)
    return [run("pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-").stdout
            for p in range(1, n + 1)]


def strip_marks(s):
    """Removes note calls (superscript digits)."""
    return "".join(ch for ch in s if ch not in SUPERSCRIPTS)


def normalize(s):
    return re.sub(r"\s+", " ", s).strip()


def join_lines(lines):
    """Joins text lines into running text: a line ending in a hyphen joins
    the next without a space (the hyphen was in the source)."""
    out = ""
    for line in lines:
        if out.endswith("-") or not out:
            out += line
        else:
            out += " " + line
    return out
