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
        self.boxes = words
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


BREAK = "\x00"  # where a line ended in a hyphen: the source's, or one added


def join_lines(lines):
    """Joins text lines into running text. A line ending in a hyphen joins
    the next with BREAK in place of the hyphen, since the text alone cannot
    say whether the hyphen is the source's or a hyphenation; contains()
    accepts either."""
    out = ""
    for line in lines:
        last_word = out.rsplit(" ", 1)[-1]
        if out.endswith("-"):
            out = out[:-1] + BREAK + line
        elif last_word[-1:] in ("–", "—") and len(last_word) > 1:
            out += line  # a break after a dash inside a word: "(1990–|2019)"
        elif not out:
            out = line
        else:
            out += " " + line
    return out


def contains(text, sentence):
    """Is sentence in text, allowing a hyphenation BREAK between any two
    characters and a BREAK in place of any of the sentence's own hyphens?"""
    parts = []
    for ch in sentence:
        parts.append("(?:-|" + BREAK + ")" if ch == "-" else re.escape(ch))
        parts.append(BREAK + "?")
    return re.search("".join(parts), text) is not None


def qpdf_json(pdf):
    import json
    return json.loads(run("qpdf", "--json=2", pdf).stdout)


def links(pdf):
    """Every link annotation: (page, rect, target) where target is
    ("page", number, top) for internal links or ("uri", text)."""
    j = qpdf_json(pdf)
    objs = j["qpdf"][1]
    page_no = {p["object"]: p["pageposfrom1"] for p in j["pages"]}

    def value(ref):
        v = objs.get("obj:" + ref, {}).get("value") if isinstance(ref, str) else ref
        return v if v is not None else ref

    out = []
    for key, obj in objs.items():
        v = obj.get("value")
        if not isinstance(v, dict) or v.get("/Subtype") != "/Link":
            continue
        page = page_no.get(v.get("/P"))
        if "/Dest" in v:
            dest = value(v["/Dest"])
            out.append((page, v["/Rect"], ("page", page_no.get(dest[0]), dest[3])))
        elif "/A" in v:
            action = value(v["/A"])
            uri = str(action.get("/URI", ""))
            uri = uri[2:] if uri.startswith(("u:", "b:")) else uri  # qpdf JSON string prefix
            out.append((page, v["/Rect"], ("uri", uri)))
    return out


def words_in_rect(page_lines, rect, page_height):
    """Words of a page whose box lies inside a PDF-space rectangle."""
    x0, y0, x1, y1 = rect
    top, bottom = page_height - y1, page_height - y0
    found = []
    for line in page_lines:
        for w in line.boxes:
            cx, cy = (w[0] + w[2]) / 2, (w[1] + w[3]) / 2
            if x0 - 1 <= cx <= x1 + 1 and top - 3 <= cy <= bottom + 3:
                found.append(w[4])
    return " ".join(found)


def body_height(pages):
    """The height of body-text word boxes: the commonest among lines of
    several words (word boxes are as tall as the font's bounding box)."""
    counts = {}
    for page in pages:
        for l in page:
            if len(l.words) >= 4:
                counts[round(l.height, 1)] = counts.get(round(l.height, 1), 0) + 1
    return max(counts, key=counts.get)


def misplaced_links(pdf, pages, page_height):
    """Internal links whose destination is not at the top of a text line on
    the destination page (the target's first line starts just below it)."""
    bad = []
    for page, rect, target in links(pdf):
        if target[0] != "page":
            continue
        _, dest_page, dest_top = target
        lines = pages[dest_page - 1] if dest_page else []
        y = page_height - dest_top
        if not any(-2 <= y - l.y0 <= 2 or 0 <= l.y0 - y <= 25 for l in lines):
            bad.append((page, rect, dest_page, dest_top))
    return bad


def normalize_lines(text):
    """Non-empty lines of text, whitespace collapsed."""
    return [normalize(l) for l in text.splitlines() if l.strip()]
