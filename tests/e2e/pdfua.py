"""Machine-checkable PDF/UA-1 and PDF/A-2 checkpoints, read from the PDF
with qpdf.

check(pdf) returns a list of problems (empty: passed). It covers only what
is listed in CHECKPOINTS; it is not a PDF/UA validator and claims nothing
beyond these checks.
"""
import base64
import json
import re
import subprocess

# Each names the Matterhorn Protocol checkpoint group (PDF/UA-1) or the
# ISO 19005-2 clause (PDF/A-2) it takes its check from. Only what is listed
# here is checked; that is all the test suite claims.
CHECKPOINTS = [
    "catalog /MarkInfo /Marked true (Matterhorn 06, ISO 14289-1 7.1)",
    "catalog /StructTreeRoot with /K and /ParentTree (Matterhorn 01)",
    "catalog /Lang, non-empty (Matterhorn 11)",
    "/ViewerPreferences /DisplayDocTitle true and an Info /Title (Matterhorn 06, 07)",
    "every page has a unique /StructParents (Matterhorn 01)",
    "every text-showing operator is inside marked content: an MCID sequence or an "
    "/Artifact (Matterhorn 01: real content tagged, artifacts marked)",
    "MCIDs unique per page; no MCID sequence inside another, no artifact inside tagged "
    "content nor tagged content inside an artifact (Matterhorn 01); marked content and "
    "text objects nest (ISO 32000-1 14.6)",
    "every MCID is in the ParentTree, pointing to an element whose /K holds it on that "
    "page (Matterhorn 01)",
    "every structure element's /P is the element whose /K lists it (ISO 32000-1 14.7.2)",
    "heading levels are not skipped, and the first heading is H1 (Matterhorn 14)",
    "every font is embedded and has a ToUnicode map (Matterhorn 31, ISO 19005-2 6.2.11)",
    "every link annotation has /Contents and a /StructParent whose ParentTree entry is a "
    "Link element holding an OBJR to it, on the annotation's page (Matterhorn 28; ISO "
    "32000-1 14.7.4.3)",
    "pages with annotations have /Tabs /S (ISO 14289-1 7.18.3)",
    "every Note has an /ID, found in the StructTreeRoot's /IDTree (Matterhorn 19)",
    "every Figure has /Alt or /ActualText (Matterhorn 13)",
    "every TH has a /Scope (Matterhorn 15)",
    "PDF/A-2: an unfiltered XMP /Metadata stream with pdfaid:part 2 and a conformance "
    "level, pdfuaid:part 1 with its extension schema, dc:title equal to Info /Title and "
    "dc:creator to /Author (ISO 19005-2 6.6; Matterhorn 06)",
    "PDF/A-2: a GTS_PDFA1 output intent with an embedded 3-component ICC profile "
    "(ISO 19005-2 6.2.3)",
    "PDF/A-2: a trailer /ID, annotations with the print flag and not hidden "
    "(ISO 19005-2 6.1.3, 6.3.2)",
]


def _objects(pdf):
    out = subprocess.run(["qpdf", "--json=2", "--json-stream-data=inline",
                          "--decode-level=generalized", pdf],
                         capture_output=True, text=True)
    if out.returncode not in (0, 3):
        raise RuntimeError(out.stderr)
    objs = json.loads(out.stdout)["qpdf"][1]
    return {k[4:] if k.startswith("obj:") else k: v for k, v in objs.items()}


def _value(objs, ref):
    """The value of an object, following a reference."""
    if isinstance(ref, str) and re.fullmatch(r"\d+ \d+ R", ref):
        o = objs.get(ref, {})
        return o.get("value", o.get("stream", {}).get("dict"))
    return ref


def _stream_data(objs, ref):
    o = objs.get(ref, {}).get("stream", {})
    data = o.get("data")
    return base64.b64decode(data) if data else b""


_TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|<<|>>|<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]()<>{}]*"
                    rb"|[^\s/\[\]()<>{}]+")


def _marked_content(data):
    """Walks a content stream: yields ('text', stack) at each text-showing
    operator, ('bdc', tag, mcid, stack) at each BDC or BMC, and ('overlap',)
    where a marked-content sequence and a text object overlap instead of
    nesting (ISO 32000-1 14.6)."""
    operands, stack = [], []
    text_depth = None  # len(stack) at the open BT
    for m in _TOKEN.finditer(data):
        tok = m.group()
        if tok == b"BT":
            text_depth = len(stack)
            operands = []
        elif tok == b"ET":
            if text_depth is not None and len(stack) != text_depth:
                yield ("overlap",)
            text_depth = None
            operands = []
        elif tok in (b"BDC", b"BMC"):
            tag = next((o for o in operands if o.startswith(b"/")), b"?")
            mcid = None
            if tok == b"BDC":
                joined = b" ".join(operands)
                mm = re.search(rb"/MCID\s+(\d+)", joined)
                mcid = int(mm.group(1)) if mm else None
            yield ("bdc", tag.decode(), mcid, list(stack))
            stack.append((tag.decode(), mcid))
            operands = []
        elif tok == b"EMC":
            if text_depth is not None and len(stack) <= text_depth:
                yield ("overlap",)
            if stack:
                stack.pop()
            operands = []
        elif tok in (b"TJ", b"Tj", b"'", b'"'):
            yield ("text", list(stack))
            operands = []
        elif re.fullmatch(rb"[A-Za-z'\"*]+", tok) and tok not in (b"true", b"false", b"null"):
            operands = []
        else:
            operands.append(tok)


def check(pdf):
    problems = []
    objs = _objects(pdf)
    trailer = objs.get("trailer", {}).get("value", {})
    catalog = _value(objs, trailer.get("/Root"))
    if not catalog:
        return ["no catalog"]
    mark = _value(objs, catalog.get("/MarkInfo")) or {}
    if mark.get("/Marked") is not True:
        problems.append("catalog /MarkInfo /Marked is not true")
    root_ref = catalog.get("/StructTreeRoot")
    root = _value(objs, root_ref)
    if not root or "/K" not in root or "/ParentTree" not in root:
        problems.append("no /StructTreeRoot with /K and /ParentTree")
        return problems
    lang = catalog.get("/Lang", "")
    if not isinstance(lang, str) or len(lang) <= 2:
        problems.append("no /Lang in the catalog")
    prefs = _value(objs, catalog.get("/ViewerPreferences")) or {}
    if prefs.get("/DisplayDocTitle") is not True:
        problems.append("/ViewerPreferences /DisplayDocTitle is not true")
    info = _value(objs, trailer.get("/Info")) or {}
    if not info.get("/Title"):
        problems.append("no Info /Title")

    # Pages, in order.
    pages = []

    def walk_pages(ref):
        node = _value(objs, ref)
        if node.get("/Type") == "/Pages":
            for kid in node.get("/Kids", []):
                walk_pages(kid)
        else:
            pages.append(ref)
    walk_pages(catalog["/Pages"])

    # The ParentTree, flattened (Nums arrays, possibly under Kids).
    parent_tree = {}

    def walk_nums(ref):
        node = _value(objs, ref)
        nums = node.get("/Nums", [])
        for i in range(0, len(nums) - 1, 2):
            v = nums[i + 1]
            resolved = _value(objs, v)
            # a page's array of elements, or an annotation's element (a ref)
            parent_tree[nums[i]] = resolved if isinstance(resolved, list) else v
        for kid in node.get("/Kids", []):
            walk_nums(kid)
    walk_nums(root["/ParentTree"])

    # Structure elements: parents, kids and the MCIDs they hold per page.
    holds = set()  # (element ref, page ref, mcid)
    objrs = {}     # annotation ref -> (element ref holding its OBJR, page the OBJR names)
    note_ids = {}  # Note /ID -> element ref
    element_type = {}
    headings = []

    def walk_elem(ref, parent_ref, depth=0):
        elem = _value(objs, ref)
        if not isinstance(elem, dict):
            return
        if parent_ref is not None and elem.get("/P") != parent_ref:
            problems.append(f"element {ref} ({elem.get('/S')}) has /P {elem.get('/P')}, "
                            f"not {parent_ref}")
        s = elem.get("/S", "")
        element_type[ref] = s
        attrs = elem.get("/A", {})
        attrs = _value(objs, attrs) if isinstance(attrs, str) else attrs
        if s == "/Note" and not elem.get("/ID"):
            problems.append(f"Note {ref} has no /ID")
        elif s == "/Note":
            note_ids[elem["/ID"]] = ref
        if s == "/Figure" and not (elem.get("/Alt") or elem.get("/ActualText")):
            problems.append(f"Figure {ref} has no /Alt")
        if s == "/TH" and not (isinstance(attrs, dict) and attrs.get("/Scope")):
            problems.append(f"TH {ref} has no /Scope")
        if re.fullmatch(r"/H[1-6]", s):
            headings.append(int(s[2]))
        kids = elem.get("/K", [])
        if not isinstance(kids, list):
            kids = [kids]
        for k in kids:
            if isinstance(k, int):
                holds.add((ref, elem.get("/Pg"), k))
            elif isinstance(k, dict) and k.get("/Type") == "/MCR":
                holds.add((ref, k.get("/Pg", elem.get("/Pg")), k.get("/MCID")))
            elif isinstance(k, dict) and k.get("/Type") == "/OBJR":
                objrs[k.get("/Obj")] = (ref, k.get("/Pg", elem.get("/Pg")))
            elif isinstance(k, str):
                walk_elem(k, ref, depth + 1)
    top = root["/K"] if isinstance(root["/K"], list) else [root["/K"]]
    for k in top:
        walk_elem(k, root_ref)

    id_tree = {}

    def walk_names(ref):
        node = _value(objs, ref) or {}
        names = node.get("/Names", [])
        for i in range(0, len(names) - 1, 2):
            id_tree[names[i]] = names[i + 1]
        for kid in node.get("/Kids", []):
            walk_names(kid)
    if root.get("/IDTree"):
        walk_names(root["/IDTree"])
    for note_id, ref in note_ids.items():
        if id_tree.get(note_id) != ref:
            problems.append(f"Note {ref}: its /ID {note_id} is not in the /IDTree")
            break

    seen_keys = set()
    for p_ref in pages:
        page = _value(objs, p_ref)
        key = page.get("/StructParents")
        if key is None or key in seen_keys:
            problems.append(f"page {p_ref}: no unique /StructParents")
            continue
        seen_keys.add(key)
        contents = page.get("/Contents", [])
        refs = contents if isinstance(contents, list) else [contents]
        data = b"".join(_stream_data(objs, r) + b"\n" for r in refs)
        mcids = []
        unmarked = 0
        for ev in _marked_content(data):
            if ev[0] == "text":
                if not any(mcid is not None or tag == "/Artifact" for tag, mcid in ev[1]):
                    unmarked += 1
            elif ev[0] == "overlap":
                problems.append(f"page {p_ref}: marked content and a text object overlap")
            elif ev[1] == "/Artifact" and any(m is not None for _, m in ev[3]):
                problems.append(f"page {p_ref}: an artifact inside tagged content")
            elif ev[2] is not None:
                if any(m is not None for _, m in ev[3]):
                    problems.append(f"page {p_ref}: MCID {ev[2]} inside another MCID sequence")
                if any(t == "/Artifact" for t, _ in ev[3]):
                    problems.append(f"page {p_ref}: MCID {ev[2]} inside an artifact")
                mcids.append(ev[2])
        if unmarked:
            problems.append(f"page {p_ref}: {unmarked} text operators outside marked content")
        if len(mcids) != len(set(mcids)):
            problems.append(f"page {p_ref}: MCIDs repeated")
        owners = parent_tree.get(key, [])
        for m in mcids:
            if m >= len(owners):
                problems.append(f"page {p_ref}: MCID {m} not in the ParentTree")
            elif (owners[m], p_ref, m) not in holds:
                problems.append(f"page {p_ref}: MCID {m} is not in the /K of its ParentTree "
                                f"element {owners[m]}")

    for p_ref in pages:
        page = _value(objs, p_ref)
        annots = page.get("/Annots", [])
        annots = _value(objs, annots) if isinstance(annots, str) else annots
        links = [a for a in annots if (_value(objs, a) or {}).get("/Subtype") == "/Link"]
        if links and page.get("/Tabs") != "/S":
            problems.append(f"page {p_ref}: annotations but no /Tabs /S")
        for a in links:
            annot = _value(objs, a)
            if not annot.get("/Contents"):
                problems.append(f"link {a}: no /Contents")
            key = annot.get("/StructParent")
            owner = parent_tree.get(key) if key is not None else None
            if key is None or owner is None:
                problems.append(f"link {a}: no /StructParent in the ParentTree")
            elif element_type.get(owner) != "/Link" or objrs.get(a, (None,))[0] != owner:
                problems.append(f"link {a}: its ParentTree entry {owner} is not a Link holding it")
            elif objrs[a][1] != p_ref:
                problems.append(f"link {a}: its OBJR names page {objrs[a][1]}, not {p_ref}")

    problems += _check_pdfa(objs, trailer, catalog, info)

    if headings and headings[0] != 1:
        problems.append(f"the first heading is H{headings[0]}, not H1")
    for a, b in zip(headings, headings[1:]):
        if b > a + 1:
            problems.append(f"heading level skipped: H{a} then H{b}")
            break

    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout
    for line in fonts.splitlines()[2:]:
        cols = line.split()
        if len(cols) >= 5 and (cols[-5] != "yes" or cols[-3] != "yes"):
            problems.append(f"font not embedded or without ToUnicode: {line.strip()}")
    return problems[:20]


def _check_pdfa(objs, trailer, catalog, info):
    problems = []
    meta_ref = catalog.get("/Metadata")
    meta = objs.get(meta_ref, {}).get("stream", {})
    xmp = _stream_data(objs, meta_ref).decode("utf-8", "replace") if meta else ""
    if not xmp:
        return ["no XMP /Metadata stream"]
    if "/Filter" in meta.get("dict", {}):
        problems.append("the XMP metadata stream is filtered")
    if not re.search(r"<pdfaid:part>2</pdfaid:part>", xmp) or \
            not re.search(r"<pdfaid:conformance>[ABU]</pdfaid:conformance>", xmp):
        problems.append("no pdfaid:part 2 with a conformance level in the XMP")
    if "<pdfuaid:part>1</pdfuaid:part>" not in xmp or \
            "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" not in xmp:
        problems.append("no pdfuaid:part 1 with its extension schema in the XMP")

    def text(v):
        return v[2:] if isinstance(v, str) and v.startswith("u:") else v
    m = re.search(r"<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">(.*?)</rdf:li>", xmp, re.S)
    if not m or text(info.get("/Title")) != _unescape(m.group(1)):
        problems.append("dc:title does not equal the Info /Title")
    m = re.search(r"<dc:creator><rdf:Seq><rdf:li>(.*?)</rdf:li>", xmp, re.S)
    if info.get("/Author") and (not m or text(info.get("/Author")) != _unescape(m.group(1))):
        problems.append("dc:creator does not equal the Info /Author")
    intents = catalog.get("/OutputIntents", [])
    intents = _value(objs, intents) if isinstance(intents, str) else intents
    ok = False
    for ref in intents:
        intent = _value(objs, ref) or {}
        profile = objs.get(intent.get("/DestOutputProfile"), {}).get("stream", {}).get("dict", {})
        ok |= intent.get("/S") == "/GTS_PDFA1" and profile.get("/N") == 3
    if not ok:
        problems.append("no GTS_PDFA1 output intent with a 3-component ICC profile")
    if not trailer.get("/ID"):
        problems.append("no /ID in the trailer")
    for ref, o in objs.items():
        v = o.get("value") if isinstance(o, dict) else None
        if isinstance(v, dict) and v.get("/Type") == "/Annot" or \
                isinstance(v, dict) and v.get("/Subtype") == "/Link":
            flags = v.get("/F", 0)
            if not flags & 4 or flags & 2:
                problems.append(f"annotation {ref} not printable or hidden")
                break
    return problems


def _unescape(s):
    return (s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&amp;", "&"))


def struct_text(pdf):
    """The text of the structure tree, in tree order (pdfinfo -struct-text),
    and the element names in order."""
    out = subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True,
                         text=True).stdout
    texts, names = [], []
    for line in out.splitlines():
        s = line.strip()
        if s.startswith('"') and s.endswith('"'):
            texts.append(s[1:-1])
        elif s:
            names.append(s.split()[0])
    return "".join(texts), names
