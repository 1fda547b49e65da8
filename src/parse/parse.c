/*
 * parse/parse.c — SAX2 parse of DocBook into bp_node trees.
 *
 * Locations: libxml2 reports the SAX start-element event while its cursor
 * sits on the '>' (or "/>") that closes the start tag. '<' cannot occur
 * unescaped inside a tag, so the tag starts at the last '<' before the
 * cursor; the byte offset of that '<' in our own buffer gives an exact line
 * and column. Columns count characters, not bytes, as editors do.
 */
#include "parse.h"

#include "base/path.h"
#include "base/buf.h"
#include "base/file.h"
#include "base/utf8.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DOCBOOK_NS "http://docbook.org/ns/docbook"
#define XINCLUDE_NS "http://www.w3.org/2001/XInclude"
#define XINCLUDE_OLD_NS "http://www.w3.org/2003/XInclude"

/* Deeper input is refused: later stages recurse over the tree. */
#define MAX_TREE_DEPTH 200
#define MAX_INCLUDE_DEPTH 16

typedef struct source {
    const char *name; /* arena copy, used in every bp_loc */
    const char *data;
    size_t len;
    size_t *line_starts; /* byte offset of each line, built on first use */
    size_t n_lines;
    size_t memo_line, memo_off; /* the last location computed … */
    uint32_t memo_col;          /* … and its column */
} source;

typedef struct parser {
    bp_doc *doc;
    xmlParserCtxtPtr ctxt;
    source src;
    bp_node *current;     /* element being filled; NULL before the root */
    bp_node *root;
    int depth;
    int skip_depth;       /* >0 while inside an element whose content is dropped */
    int include_depth;
    bool failed;
    struct parser *outer; /* including parser, for loop detection */
    /* Text arrives in pieces; the node being filled collects them here and
     * gets its text when something else starts (linear, not quadratic). */
    bp_node *text_node;
    bp_buf text;
    size_t text_total;    /* characters delivered so far, entities expanded */
} parser;

/* Entity expansion may not grow the text beyond this many times the input
 * (plus a margin): "billion laughs" and quadratic blow-ups stop here. */
#define MAX_EXPANSION 16
#define EXPANSION_MARGIN (8u << 20)

static void flush_text(parser *p)
{
    if (p->text_node) {
        p->text_node->text = bp_arena_strndup(&p->doc->arena, bp_buf_str(&p->text), p->text.len);
        p->text_node = NULL;
        bp_buf_clear(&p->text);
    }
}

static bp_status parse_source(parser *p);

/* ---- locations ------------------------------------------------------------- */

static void index_lines(source *s)
{
    size_t n = 1;
    for (size_t i = 0; i < s->len; i++)
        n += s->data[i] == '\n';
    s->line_starts = bp_xmalloc(n * sizeof(size_t));
    s->n_lines = 0;
    s->line_starts[s->n_lines++] = 0;
    for (size_t i = 0; i < s->len; i++)
        if (s->data[i] == '\n')
            s->line_starts[s->n_lines++] = i + 1;
}

static bp_loc loc_at_offset(source *s, size_t off)
{
    if (off > s->len)
        off = s->len;
    if (!s->line_starts)
        index_lines(s);
    size_t lo = 0, hi = s->n_lines; /* find the last line start <= off */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (s->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    /* Columns count characters from the line start. Events mostly move
     * forward, so counting resumes from the last answer when it is on the
     * same line: one long line costs linear time, not quadratic. */
    size_t from = s->line_starts[lo];
    uint32_t col = 1;
    if (s->memo_line == lo && s->memo_off >= from && s->memo_off <= off)
        from = s->memo_off, col = s->memo_col;
    for (size_t i = from; i < off;) {
        size_t used;
        bp_utf8_decode(s->data + i, off - i, &used);
        i += used;
        col++;
    }
    s->memo_line = lo, s->memo_off = off, s->memo_col = col;
    return (bp_loc){s->name, (uint32_t)(lo + 1), col};
}

/* Does libxml2's input buffer hold our bytes as they are? Not when it
 * converted them from another encoding (or is reading an entity). */
static bool cursor_is_ours(const parser *p)
{
    xmlParserInputPtr in = p->ctxt->input;
    return in && in->cur && in->base && p->ctxt->inputNr <= 1 &&
           !(in->buf && in->buf->encoder);
}

/* Byte offset of the parser's cursor in our buffer (callers check
 * cursor_is_ours first). */
static size_t cursor_offset(const parser *p)
{
    xmlParserInputPtr in = p->ctxt->input;
    /* libxml2 drops parsed bytes from the front of its buffer as it goes
     * (xmlParserShrink); `consumed` counts them. */
    size_t off = (size_t)in->consumed + (size_t)(in->cur - in->base);
    return off <= p->src.len ? off : p->src.len;
}

/* Where libxml2 says it is: exact lines, columns after the tag. */
static bp_loc parser_loc(const parser *p)
{
    xmlParserInputPtr in = p->ctxt->input;
    return (bp_loc){p->src.name, in ? (uint32_t)in->line : 0, in ? (uint32_t)in->col : 0};
}

static bp_loc start_tag_loc(parser *p)
{
    if (!cursor_is_ours(p) || p->src.len == 0)
        return parser_loc(p);
    size_t off = cursor_offset(p);
    if (off >= p->src.len)
        off = p->src.len - 1;
    while (off > 0 && p->src.data[off] != '<')
        off--;
    return loc_at_offset(&p->src, off);
}

/* ---- tree building ---------------------------------------------------------- */

static void add_node(parser *p, bp_node *n)
{
    if (p->current)
        bp_node_append_child(p->current, n);
    else if (!p->root)
        p->root = n;
}

static const char *attr_name(bp_arena *a, const xmlChar *local, const xmlChar *prefix,
                             const xmlChar *uri)
{
    if (uri && strcmp((const char *)uri, "http://www.w3.org/XML/1998/namespace") == 0)
        return bp_arena_printf(a, "xml:%s", local);
    if (uri && strcmp((const char *)uri, "http://www.w3.org/1999/xlink") == 0)
        return bp_arena_printf(a, "xlink:%s", local);
    if (prefix)
        return bp_arena_printf(a, "%s:%s", prefix, local);
    return bp_arena_strdup(a, (const char *)local);
}

static bool is_xinclude(const xmlChar *local, const xmlChar *uri)
{
    return uri && strcmp((const char *)local, "include") == 0 &&
           (strcmp((const char *)uri, XINCLUDE_NS) == 0 ||
            strcmp((const char *)uri, XINCLUDE_OLD_NS) == 0);
}

static char *read_file(const char *path, size_t *len, int *err)
{
    bp_buf b = {0};
    *err = bp_file_read(path, &b);
    if (*err) {
        bp_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return b.data;
}

/* The folder part of path, with its trailing slash ("" for a bare name). */
static char *dir_of(bp_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? bp_arena_strndup(a, path, (size_t)(slash - path + 1)) : bp_arena_strdup(a, "");
}

static bool include_is_loop(const parser *p, const char *resolved)
{
    for (const parser *q = p; q; q = q->outer) {
        char real[PATH_MAX];
        if (realpath(q->src.name, real) && strcmp(real, resolved) == 0)
            return true;
    }
    return false;
}

/* The file rule of base/path.h, for the document being parsed. */
static const char *resolve_ref(const parser *p, const char *from, const char *ref, char *real,
                               int *missing)
{
    bp_path_policy policy = bp_doc_path_policy(p->doc);
    return bp_path_resolve(&policy, from, ref, real, missing);
}

static void do_xinclude(parser *p, bp_loc loc, const char *href, const char *parse_mode)
{
    bp_doc *doc = p->doc;
    if (!href || !*href) {
        bp_diag_emit(doc->diags, BP_ERROR, "xinclude-href", loc, "xi:include without href");
        return;
    }
    if (strstr(href, "://") && strncmp(href, "file://", 7) != 0) {
        bp_diag_emit(doc->diags, BP_ERROR, "xinclude-network", loc,
                     "xi:include of \"%s\" refused: briefpress never reads from the network", href);
        return;
    }
    char real[PATH_MAX];
    int missing = 0;
    const char *why = resolve_ref(p, p->src.name, href, real, &missing);
    /* A missing file is watched too: the build changes when it appears. */
    bp_doc_depend(doc, !why             ? real
                       : !missing || href[0] == '/' ? NULL
                       : bp_arena_printf(&doc->arena, "%s%s", dir_of(&doc->arena, p->src.name), href));
    if (why) {
        bp_diag_emit(doc->diags, BP_ERROR, missing ? "xinclude-unreadable" : "xinclude-refused",
                     loc, missing ? "cannot include \"%s\": %s" : "xi:include of \"%s\" refused: %s",
                     href, why);
        return;
    }
    if (include_is_loop(p, real)) {
        bp_diag_emit(doc->diags, BP_ERROR, "xinclude-loop", loc,
                     "xi:include of \"%s\" includes itself", href);
        return;
    }
    if (p->include_depth >= MAX_INCLUDE_DEPTH) {
        bp_diag_emit(doc->diags, BP_ERROR, "xinclude-depth", loc,
                     "xi:include nested more than %d deep", MAX_INCLUDE_DEPTH);
        return;
    }
    size_t len = 0;
    int err = 0;
    char *data = read_file(real, &len, &err);
    if (!data) {
        bp_diag_emit(doc->diags, BP_ERROR, "xinclude-unreadable", loc, "cannot include \"%s\": %s",
                     href, strerror(err));
        return;
    }
    /* Messages name the file as the document wrote it, relative to its folder. */
    const char *name = href[0] == '/' || strncmp(href, "file://", 7) == 0
                           ? bp_arena_strdup(&doc->arena, real)
                           : bp_arena_printf(&doc->arena, "%s%s", dir_of(&doc->arena, p->src.name), href);
    if (parse_mode && strcmp(parse_mode, "text") == 0) {
        bp_node *t = bp_node_make(&doc->arena, BP_NODE_TEXT, "#text", (bp_loc){name, 1, 1});
        t->text = bp_arena_strndup(&doc->arena, data, len);
        add_node(p, t);
    } else {
        parser sub = {.doc = doc, .src = {.name = name, .data = data, .len = len},
                      .include_depth = p->include_depth + 1,
                      .outer = p, .depth = p->depth};
        if (parse_source(&sub) == BP_OK && sub.root)
            add_node(p, sub.root);
        else
            p->failed = true;
    }
    free(data);
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int n_ns, const xmlChar **ns, int n_attrs, int n_defaulted,
                     const xmlChar **attrs)
{
    (void)n_ns, (void)ns, (void)n_defaulted;
    parser *p = ((xmlParserCtxtPtr)ctx)->_private;
    bp_arena *a = &p->doc->arena;
    flush_text(p);
    p->depth++;
    if (p->skip_depth) {
        p->skip_depth++;
        return;
    }
    bp_loc loc = start_tag_loc(p);
    if (p->depth > MAX_TREE_DEPTH) {
        bp_diag_emit(p->doc->diags, BP_ERROR, "nesting-too-deep", loc,
                     "elements nested more than %d deep", MAX_TREE_DEPTH);
        xmlStopParser(p->ctxt);
        p->failed = true;
        return;
    }
    if (is_xinclude(local, uri)) {
        const char *href = NULL, *mode = NULL;
        for (int i = 0; i < n_attrs; i++) {
            const xmlChar **at = attrs + 5 * i;
            char *v = bp_arena_strndup(a, (const char *)at[3], (size_t)(at[4] - at[3]));
            if (strcmp((const char *)at[0], "href") == 0)
                href = v;
            else if (strcmp((const char *)at[0], "parse") == 0)
                mode = v;
        }
        do_xinclude(p, loc, href, mode);
        p->skip_depth = 1; /* xi:fallback is used only when the include fails: not yet */
        return;
    }
    const char *name = bp_arena_strdup(a, (const char *)local);
    bool foreign = uri && strcmp((const char *)uri, DOCBOOK_NS) != 0;
    bp_node_kind kind = foreign ? BP_NODE_UNKNOWN : bp_node_kind_from_name(name);
    bp_node *n = bp_node_make(a, kind, name, loc);
    for (int i = 0; i < n_attrs; i++) {
        const xmlChar **at = attrs + 5 * i;
        char *v = bp_arena_strndup(a, (const char *)at[3], (size_t)(at[4] - at[3]));
        bp_node_add_attr(a, n, attr_name(a, at[0], at[1], at[2]), v);
    }
    (void)prefix;
    add_node(p, n);
    p->current = n;
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)local, (void)prefix, (void)uri;
    parser *p = ((xmlParserCtxtPtr)ctx)->_private;
    flush_text(p);
    p->depth--;
    if (p->skip_depth) {
        p->skip_depth--;
        return;
    }
    if (p->current)
        p->current = p->current->parent;
}

static void on_text(void *ctx, const xmlChar *text, int len)
{
    parser *p = ((xmlParserCtxtPtr)ctx)->_private;
    if (p->skip_depth || !p->current || len <= 0 || p->failed)
        return;
    p->text_total += (size_t)len;
    if (p->text_total > MAX_EXPANSION * p->src.len + EXPANSION_MARGIN) {
        bp_diag_emit(p->doc->diags, BP_ERROR, "entity-expansion", parser_loc(p),
                     "entities expand the text to more than %d times the file's size: refused",
                     MAX_EXPANSION);
        p->failed = true;
        xmlStopParser(p->ctxt);
        return;
    }
    if (p->text_node && p->current->last_child == p->text_node) {
        /* libxml2 delivers text in pieces (around entities, at buffer ends). */
        bp_buf_append(&p->text, (const char *)text, (size_t)len);
        return;
    }
    flush_text(p);
    /* libxml2 reports character data either before moving its cursor past
     * it (the fast path) or after; find which by comparing the bytes. */
    size_t at = cursor_is_ours(p) ? cursor_offset(p) : 0, n = (size_t)len, start = at;
    bp_loc tloc;
    if (!cursor_is_ours(p)) {
        tloc = parser_loc(p);
    } else {
        if (at + n <= p->src.len && memcmp(p->src.data + at, text, n) == 0)
            start = at;
        else if (at >= n && memcmp(p->src.data + at - n, text, n) == 0)
            start = at - n;
        tloc = loc_at_offset(&p->src, start);
    }
    bp_node *t = bp_node_make(&p->doc->arena, BP_NODE_TEXT, "#text", tloc);
    t->text = "";
    bp_node_append_child(p->current, t);
    p->text_node = t;
    bp_buf_append(&p->text, (const char *)text, (size_t)len);
}

/* An entity libxml2 did not expand: an external one (never read) or one
 * the document does not declare. Its text would be lost: an error. */
static void on_reference(void *ctx, const xmlChar *name)
{
    parser *p = ((xmlParserCtxtPtr)ctx)->_private;
    if (p->skip_depth || p->failed)
        return; /* one report: the rest of the document is not read */
    xmlEntityPtr e = xmlGetDocEntity(p->ctxt->myDoc, name);
    bool external = e && (e->etype == XML_EXTERNAL_GENERAL_PARSED_ENTITY ||
                          e->etype == XML_EXTERNAL_GENERAL_UNPARSED_ENTITY);
    if (external)
        bp_diag_emit(p->doc->diags, BP_ERROR, "entity-external", parser_loc(p),
                     "entity &%s; is external: briefpress never reads external entities",
                     (const char *)name);
    else if (e)
        bp_diag_emit(p->doc->diags, BP_ERROR, "entity-expansion", parser_loc(p),
                     "entity &%s; was not expanded: its expansion is too large", (const char *)name);
    else
        bp_diag_emit(p->doc->diags, BP_ERROR, "entity-undefined", parser_loc(p),
                     "entity &%s; is not defined", (const char *)name);
    p->failed = true;
    xmlStopParser(p->ctxt);
}

/* Processing instructions are kept: <?briefpress-… ?> ones drive generated
 * content (the membership appendix). */
static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    parser *p = ((xmlParserCtxtPtr)ctx)->_private;
    flush_text(p);
    if (p->skip_depth || !p->current)
        return;
    bp_loc loc = start_tag_loc(p);
    bp_node *n = bp_node_make(&p->doc->arena, BP_NODE_PI,
                              bp_arena_strdup(&p->doc->arena, (const char *)target), loc);
    n->text = bp_arena_strdup(&p->doc->arena, data ? (const char *)data : "");
    bp_node_append_child(p->current, n);
}

static void on_error(void *ctx, xmlErrorPtr err)
{
    parser *p = ((xmlParserCtxtPtr)ctx)->_private;
    if (!err || err->level == XML_ERR_NONE || err->level == XML_ERR_WARNING)
        return;
    char msg[512];
    snprintf(msg, sizeof msg, "%s", err->message ? err->message : "malformed XML");
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    bp_loc loc = {p->src.name, (uint32_t)(err->line > 0 ? err->line : 0),
                  (uint32_t)(err->int2 > 0 ? err->int2 : 0)};
    /* After the first error libxml2's further complaints are mostly echoes
     * of it (every enclosing tag "mismatches"): report the first only. */
    if (!p->failed)
        bp_diag_emit(p->doc->diags, BP_ERROR, "xml-malformed", loc, "%s", msg);
    p->failed = true;
}

/* libxml2's hook for loading external entities: briefpress reads a file
 * only from inside the document's folder tree (as for XInclude), never from
 * the network or elsewhere on the machine (XXE). */
static xmlParserInputPtr load_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)id;
    parser *p = ctxt ? ctxt->_private : NULL;
    if (!p || !p->doc || !url)
        return NULL;
    /* libxml2 has resolved the system id against the document's name. */
    char real[PATH_MAX];
    int missing = 0;
    const char *why = resolve_ref(p, NULL, url, real, &missing);
    if (why) {
        bp_diag_emit(p->doc->diags, BP_ERROR, "entity-external", parser_loc(p),
                     "external entity \"%s\" refused: %s", url, why);
        p->failed = true;
        return NULL;
    }
    return xmlNewInputFromFile(ctxt, real);
}

static bp_status parse_source(parser *p)
{
    if (p->src.len > INT_MAX) {
        bp_diag_emit(p->doc->diags, BP_ERROR, "input-too-large", (bp_loc){p->src.name, 0, 0},
                     "file larger than 2 GB");
        return BP_ERR_INPUT;
    }
    if (p->src.len == 0) {
        bp_diag_emit(p->doc->diags, BP_ERROR, "xml-malformed", (bp_loc){p->src.name, 1, 1},
                     "empty file: expected an XML document");
        return BP_ERR_INPUT;
    }
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(p->src.data, (int)p->src.len);
    if (!ctxt)
        return BP_ERR_ENV;
    /* Keep libxml2's own SAX2 handlers for DTD and entity events; take over
     * the content events. */
    xmlSAXHandler sax;
    xmlSAXVersion(&sax, 2);
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_text;
    sax.cdataBlock = on_text;
    sax.ignorableWhitespace = on_text;
    sax.serror = on_error;
    sax.error = NULL;
    sax.warning = NULL;
    sax.comment = NULL;
    sax.processingInstruction = on_pi;
    sax.reference = on_reference;
    sax.startElement = NULL;
    sax.endElement = NULL;
    /* Internal entities are expanded (DocBook 4 documents define text and
     * markup with them); external ones only from the document's folder
     * (load_entity). */
    xmlSetExternalEntityLoader(load_entity);
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOENT);
    memcpy(ctxt->sax, &sax, sizeof sax);
    ctxt->_private = p;
    ctxt->userData = ctxt;
    ctxt->linenumbers = 1;
    if (ctxt->input && !ctxt->input->filename)
        ctxt->input->filename = (char *)xmlStrdup((const xmlChar *)p->src.name);
    p->ctxt = ctxt;
    xmlParseDocument(ctxt);
    flush_text(p);
    bp_buf_free(&p->text);
    bool ok = ctxt->wellFormed && !p->failed;
    free(p->src.line_starts);
    p->src.line_starts = NULL;
    if (ctxt->myDoc)
        xmlFreeDoc(ctxt->myDoc);
    xmlFreeParserCtxt(ctxt);
    p->ctxt = NULL;
    if (!ok)
        return BP_ERR_INPUT;
    if (!p->root) {
        bp_diag_emit(p->doc->diags, BP_ERROR, "xml-empty", (bp_loc){p->src.name, 1, 1},
                     "no root element");
        return BP_ERR_INPUT;
    }
    return BP_OK;
}

bp_status bp_parse_memory(bp_doc *doc, const char *name, const char *data, size_t len)
{
    parser p = {.doc = doc, .src = {.name = bp_arena_strdup(&doc->arena, name), .data = data, .len = len}};
    bp_status st = parse_source(&p);
    doc->root = st == BP_OK ? p.root : NULL;
    return st;
}

bp_status bp_parse(bp_doc *doc)
{
    size_t len = 0;
    int err = 0;
    bp_doc_depend(doc, doc->path);
    char *data = read_file(doc->path, &len, &err);
    if (!data) {
        bp_diag_emit(doc->diags, BP_ERROR, "input-unreadable", BP_LOC_NONE, "cannot read %s: %s",
                     doc->path, strerror(err));
        return BP_ERR_ENV;
    }
    bp_status st = bp_parse_memory(doc, doc->path, data, len);
    free(data);
    return st;
}
