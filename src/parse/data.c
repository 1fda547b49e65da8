/*
 * parse/data.c — membership data files: parse, validate against the
 * compiled-in RELAX NG schema, convert to bp_memberships.
 */
#include "data.h"

#include "base/buf.h"
#include "base/file.h"

#include "memberships_rng.h" /* generated from sources/memberships.rng */

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>

#define DATA_NS "urn:briefpress:memberships:1"

typedef struct reader {
    bp_doc *doc;
    const char *path;
    bool failed;
} reader;

static void report(reader *r, xmlErrorPtr err)
{
    if (!err || err->level < XML_ERR_ERROR)
        return;
    char msg[512];
    snprintf(msg, sizeof msg, "%s", err->message ? err->message : "invalid data");
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    bp_loc loc = {r->path, (uint32_t)(err->line > 0 ? err->line : 1),
                  (uint32_t)(err->int2 > 0 ? err->int2 : 1)};
    bp_diag_emit(r->doc->diags, BP_ERROR,
                 err->domain == XML_FROM_RELAXNGV ? "data-invalid" : "data-malformed", loc, "%s",
                 msg);
    r->failed = true;
}

/* Validation errors come with our reader; parse errors with the parser
 * context, whose _private points to it. */
static void on_valid_error(void *ctx, xmlErrorPtr err) { report(ctx, err); }

static void on_parse_error(void *ctx, xmlErrorPtr err)
{
    report(((xmlParserCtxtPtr)ctx)->_private, err);
}

static const char *attr(reader *r, xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    const char *s = bp_arena_strdup(&r->doc->arena, (const char *)v);
    xmlFree(v);
    return s;
}

static const char *text(reader *r, xmlNodePtr n)
{
    xmlChar *v = xmlNodeGetContent(n);
    const char *s = bp_arena_strdup(&r->doc->arena, v ? (const char *)v : "");
    xmlFree(v);
    return s;
}

static bool named(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static bp_loc loc_of(reader *r, xmlNodePtr n)
{
    return (bp_loc){r->path, (uint32_t)xmlGetLineNo(n), 1};
}

static size_t count(xmlNodePtr parent, const char *name)
{
    size_t n = 0;
    for (xmlNodePtr c = parent->children; c; c = c->next)
        n += named(c, name);
    return n;
}

static bp_member_status status_of(const char *s)
{
    static const struct {
        const char *name;
        bp_member_status status;
    } table[] = {{"member", BP_MEMBER},     {"associate", BP_ASSOCIATE}, {"observer", BP_OBSERVER},
                 {"acceding", BP_ACCEDING}, {"former", BP_FORMER},       {"none", BP_NOT_MEMBER}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (s && strcmp(s, table[i].name) == 0)
            return table[i].status;
    return BP_NOT_MEMBER; /* the schema admits nothing else */
}

static void read_member(reader *r, xmlNodePtr n, bp_membership *m)
{
    bp_arena *a = &r->doc->arena;
    m->state = attr(r, n, "state");
    m->status = status_of(attr(r, n, "status"));
    m->since = attr(r, n, "since");
    m->loc = loc_of(r, n);
    m->changes = BP_NEW_ARRAY(a, bp_change, count(n, "change") + 1);
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (named(c, "status-note"))
            m->status_note = text(r, c);
        else if (named(c, "change"))
            m->changes[m->n_changes++] = (bp_change){attr(r, c, "date"), text(r, c)};
    }
}

static void read_organization(reader *r, xmlNodePtr n, bp_organization *o)
{
    bp_arena *a = &r->doc->arena;
    o->id = attr(r, n, "id");
    o->acronym = attr(r, n, "acronym");
    o->loc = loc_of(r, n);
    o->members = BP_NEW_ARRAY(a, bp_membership, count(n, "member") + 1);
    o->notes = BP_NEW_ARRAY(a, const char *, count(n, "note") + 1);
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (named(c, "name"))
            o->name = text(r, c);
        else if (named(c, "founded"))
            o->founded = text(r, c);
        else if (named(c, "note"))
            o->notes[o->n_notes++] = text(r, c);
        else if (named(c, "member"))
            read_member(r, c, &o->members[o->n_members++]);
    }
}

static bool validate(reader *r, xmlDocPtr xml)
{
    xmlRelaxNGParserCtxtPtr pctx =
        xmlRelaxNGNewMemParserCtxt((const char *)memberships_rng, (int)sizeof memberships_rng);
    xmlRelaxNGPtr schema = pctx ? xmlRelaxNGParse(pctx) : NULL;
    xmlRelaxNGValidCtxtPtr vctx = schema ? xmlRelaxNGNewValidCtxt(schema) : NULL;
    bool ok = false;
    if (vctx) {
        xmlRelaxNGSetValidStructuredErrors(vctx, on_valid_error, r);
        ok = xmlRelaxNGValidateDoc(vctx, xml) == 0;
    } else {
        bp_diag_emit(r->doc->diags, BP_ERROR, "data-schema", BP_LOC_NONE,
                     "the built-in membership schema could not be loaded");
    }
    if (vctx)
        xmlRelaxNGFreeValidCtxt(vctx);
    if (schema)
        xmlRelaxNGFree(schema);
    if (pctx)
        xmlRelaxNGFreeParserCtxt(pctx);
    return ok && !r->failed;
}

bp_memberships *bp_parse_memberships(bp_doc *doc, const char *path, bp_loc from)
{
    reader r = {doc, bp_arena_strdup(&doc->arena, path), false};
    bp_doc_depend(doc, path);
    struct stat st;
    const char *why = stat(path, &st) != 0 ? strerror(errno)
                      : !S_ISREG(st.st_mode) ? "not a regular file"
                                             : NULL;
    if (why) {
        bp_diag_emit(doc->diags, BP_ERROR, "data-unreadable", from,
                     "cannot read membership data %s: %s", path, why);
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return NULL;
    ctxt->_private = &r;
    ctxt->sax->serror = on_parse_error;
    ctxt->sax->error = NULL;
    ctxt->sax->warning = NULL;
    /* Read by us, parsed from memory: libxml2's own file loading goes
     * through the external-entity hook, which refuses everything. */
    bp_buf bytes = {0};
    bool readable = bp_file_read(path, &bytes) == 0;
    xmlDocPtr xml = readable && bytes.len < INT_MAX
                        ? xmlCtxtReadMemory(ctxt, bp_buf_str(&bytes), (int)bytes.len, path, NULL,
                                            XML_PARSE_NONET | XML_PARSE_BIG_LINES)
                        : NULL;
    bp_buf_free(&bytes);
    if (!xml && !r.failed)
        bp_diag_emit(doc->diags, BP_ERROR, "data-unreadable", from,
                     "cannot read membership data %s", path);
    bp_memberships *m = NULL;
    if (xml && !r.failed && validate(&r, xml)) {
        xmlNodePtr root = xmlDocGetRootElement(xml);
        m = BP_NEW(&doc->arena, bp_memberships);
        m->path = r.path;
        m->as_of = attr(&r, root, "as-of");
        m->orgs = BP_NEW_ARRAY(&doc->arena, bp_organization, count(root, "organization") + 1);
        for (xmlNodePtr c = root->children; c; c = c->next)
            if (named(c, "organization"))
                read_organization(&r, c, &m->orgs[m->n_orgs++]);
    }
    if (xml)
        xmlFreeDoc(xml);
    xmlFreeParserCtxt(ctxt);
    return m;
}
