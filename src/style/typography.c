/*
 * style/typography.c — the rules file, compiled once (PCRE2, with JIT for
 * long documents), and its application to text nodes in document order.
 *
 * Each text node is matched with the character before it in the running
 * text prepended (a space at the start of a block), so that a quote right
 * after markup (<emphasis>word</emphasis>") still gets the right side. The
 * prepended character is removed again afterwards; rules use it only as
 * look-behind context.
 *
 * Most rules find nothing in most text nodes, and a match attempt costs
 * about as much as setting up the search. So each rule keeps the bytes
 * PCRE2 says any match must start with, and a byte it must contain, and
 * is only tried on text that has them (the brief: 4,510 attempts, 2 of
 * them matching).
 */
#include "typography.h"

#include "base/buf.h"
#include "base/jit.h"
#include "base/utf8.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A set of bytes, one bit each. */
typedef struct byte_set {
    uint64_t bits[4];
} byte_set;

static void byte_set_add(byte_set *s, unsigned char b) { s->bits[b >> 6] |= 1ull << (b & 63); }

static bool byte_set_meets(const byte_set *a, const byte_set *b)
{
    return (a->bits[0] & b->bits[0]) | (a->bits[1] & b->bits[1]) | (a->bits[2] & b->bits[2]) |
           (a->bits[3] & b->bits[3]);
}

static void byte_set_fill(byte_set *s) { memset(s->bits, 0xFF, sizeof s->bits); }

typedef struct rule {
    pcre2_code *re;
    const char *replacement;
    byte_set starts;   /* a match begins with one of these bytes */
    byte_set contains; /* and holds one of these */
} rule;

typedef BP_VEC(rule) rules;

static void free_rules(rules *rs)
{
    for (size_t i = 0; i < rs->len; i++)
        pcre2_code_free(rs->items[i].re);
    BP_VEC_FREE(*rs);
}

/* A code unit PCRE2 names as first or required, as the bytes that count:
 * both cases of an ASCII letter (the rule may be caseless); nothing known
 * for other bytes (a caseless letter's other case may start otherwise). */
static void unit_set(uint32_t unit, byte_set *s)
{
    memset(s, 0, sizeof *s);
    if (unit >= 0x80) {
        byte_set_fill(s);
        return;
    }
    byte_set_add(s, (unsigned char)unit);
    if (isalpha((int)unit)) {
        byte_set_add(s, (unsigned char)tolower((int)unit));
        byte_set_add(s, (unsigned char)toupper((int)unit));
    }
}

/* What PCRE2 worked out for its own start-up optimizations: the first
 * code unit or the set of possible first bytes, and a required unit.
 * Unknown means every byte. */
static void rule_filters(rule *r)
{
    uint32_t type = 0, unit = 0;
    const uint8_t *bitmap = NULL;
    pcre2_pattern_info(r->re, PCRE2_INFO_FIRSTCODETYPE, &type);
    if (type == 1 && pcre2_pattern_info(r->re, PCRE2_INFO_FIRSTCODEUNIT, &unit) == 0)
        unit_set(unit, &r->starts);
    else if (type == 0 && pcre2_pattern_info(r->re, PCRE2_INFO_FIRSTBITMAP, &bitmap) == 0 &&
             bitmap)
        for (unsigned b = 0; b < 256; b++) {
            if (bitmap[b / 8] & (1u << (b % 8)))
                byte_set_add(&r->starts, (unsigned char)b);
        }
    else
        byte_set_fill(&r->starts);
    type = 0;
    pcre2_pattern_info(r->re, PCRE2_INFO_LASTCODETYPE, &type);
    if (type == 1 && pcre2_pattern_info(r->re, PCRE2_INFO_LASTCODEUNIT, &unit) == 0)
        unit_set(unit, &r->contains);
    else
        byte_set_fill(&r->contains);
}

static bool may_match(const rule *r, const byte_set *text)
{
    return byte_set_meets(&r->starts, text) && byte_set_meets(&r->contains, text);
}

static byte_set bytes_of(const char *s)
{
    byte_set set = {{0}};
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        byte_set_add(&set, *p);
    return set;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* Reads and compiles the rules; false (with diagnostics) on any error.
 * JIT only when the document has text enough to pay for it. */
static bool load_rules(bp_doc *doc, const char *path, bool jit, rules *out)
{
    bp_doc_depend(doc, path);
    FILE *f = fopen(path, "r");
    if (!f) {
        bp_diag_emit(doc->diags, BP_ERROR, "typography-unreadable", BP_LOC_NONE,
                     "cannot read typography rules %s: %s", path, strerror(errno));
        return false;
    }
    const char *name = bp_arena_strdup(&doc->arena, path);
    char line[4096];
    uint32_t lineno = 0;
    bool ok = true;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *s = trim(line);
        if (!*s || *s == '#')
            continue;
        char *arrow = strstr(s, "=>");
        if (!arrow) {
            bp_diag_emit(doc->diags, BP_ERROR, "typography-syntax", (bp_loc){name, lineno, 1},
                         "expected PATTERN => REPLACEMENT");
            ok = false;
            continue;
        }
        *arrow = '\0';
        char *pattern = trim(s), *replacement = trim(arrow + 2);
        int err;
        PCRE2_SIZE off;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                       PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
        if (!re) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(err, msg, sizeof msg);
            bp_diag_emit(doc->diags, BP_ERROR, "typography-pattern",
                         (bp_loc){name, lineno, (uint32_t)(pattern - line) + (uint32_t)off + 1},
                         "bad pattern: %s", (const char *)msg);
            ok = false;
            continue;
        }
        if (jit)
            pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
        rule r = {re, bp_arena_strdup(&doc->arena, replacement), {{0}}, {{0}}};
        rule_filters(&r);
        BP_PUSH(*out, r);
    }
    fclose(f);
    return ok;
}

/* Runs every rule over one string; returns a heap string, or NULL when no
 * rule changed it. A rule is tried only on text with the bytes it needs,
 * and then first only matched (into `probe`): substituting would copy the
 * text into a new buffer even when nothing matches. The text is checked
 * as UTF-8 here once, not by PCRE2 at every match (a tenth of the rules'
 * time); what a substitution returns is valid UTF-8 again. */
static char *rewrite(const rules *rs, const char *text, pcre2_match_data *probe, bool *failed)
{
    char *cur = NULL;
    byte_set bytes = bytes_of(text);
    size_t len = strlen(text);
    uint32_t checked = bp_utf8_valid(text, len) ? PCRE2_NO_UTF_CHECK : 0;
    for (size_t i = 0; i < rs->len; i++) {
        const char *subject = cur ? cur : text;
        if (!may_match(&rs->items[i], &bytes) ||
            pcre2_match(rs->items[i].re, (PCRE2_SPTR)subject, len, 0, checked, probe, NULL) ==
                PCRE2_ERROR_NOMATCH)
            continue;
        PCRE2_SIZE out_len = len * 2 + 64;
        for (int attempt = 0; attempt < 4; attempt++) {
            PCRE2_UCHAR *out = bp_xmalloc(out_len);
            PCRE2_SIZE n = out_len;
            int rc = pcre2_substitute(rs->items[i].re, (PCRE2_SPTR)subject, len, 0,
                                      PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH,
                                      NULL, NULL, (PCRE2_SPTR)rs->items[i].replacement,
                                      PCRE2_ZERO_TERMINATED, out, &n);
            if (rc == PCRE2_ERROR_NOMEMORY) {
                free(out);
                out_len = n + 1;
                continue;
            }
            if (rc < 0) {
                free(out);
                *failed = true;
                break;
            }
            free(cur);
            cur = (char *)out;
            len = n;
            bytes = bytes_of(cur);
            break;
        }
    }
    return cur;
}

static bool verbatim(const bp_node *n)
{
    for (; n; n = n->parent)
        if (bp_node_is(n, BP_K_VERBATIM) || n->kind == BP_NODE_LITERAL ||
            n->kind == BP_NODE_CODE || n->kind == BP_NODE_FILENAME)
            return true;
    return false;
}

/* The block a text node belongs to: context does not cross blocks. */
static const bp_node *block_of(const bp_node *n)
{
    for (n = n->parent; n && !bp_node_is(n, BP_K_BLOCK); n = n->parent)
        ;
    return n;
}

bp_status bp_typography_apply(bp_doc *doc)
{
    const char *path = doc->settings.typography_rules;
    if (!path || !doc->root)
        return BP_OK;
    rules rs = {0};
    bool jit = bp_jit_worth(bp_node_text_bytes(doc->root, BP_JIT_MIN_TEXT));
    if (!load_rules(doc, path, jit, &rs)) {
        free_rules(&rs);
        return BP_ERR_INPUT;
    }
    uint32_t prev_cp = ' ';
    const bp_node *prev_block = NULL;
    bool failed = false;
    pcre2_match_data *probe = pcre2_match_data_create(1, NULL);
    for (bp_node *n = doc->root; n; n = bp_node_next_in(doc->root, n)) {
        if (n->kind != BP_NODE_TEXT || !*n->text)
            continue;
        const bp_node *block = block_of(n);
        if (block != prev_block)
            prev_cp = ' ';
        prev_block = block;
        if (verbatim(n)) {
            prev_cp = 'x';
            continue;
        }
        bp_buf subject = {0};
        char u[4];
        size_t ctx = bp_utf8_encode(prev_cp, u);
        bp_buf_append(&subject, u, ctx);
        bp_buf_puts(&subject, n->text);
        char *out = rewrite(&rs, bp_buf_str(&subject), probe, &failed);
        /* The context character comes back unchanged at the front. */
        if (out && strncmp(out, u, ctx) == 0)
            n->text = bp_arena_strdup(&doc->arena, out + ctx);
        size_t len = strlen(n->text);
        for (size_t i = 0; i < len;) {
            size_t used;
            uint32_t cp = bp_utf8_decode(n->text + i, len - i, &used);
            i += used;
            if (cp != BP_UTF8_INVALID)
                prev_cp = cp;
        }
        free(out);
        bp_buf_free(&subject);
    }
    pcre2_match_data_free(probe);
    free_rules(&rs);
    if (failed)
        bp_diag_emit(doc->diags, BP_WARNING, "typography-failed", BP_LOC_NONE,
                     "a typography rule could not be applied to some text");
    return BP_OK;
}
