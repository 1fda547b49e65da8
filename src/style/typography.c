/*
 * style/typography.c — the rules file, compiled once (PCRE2 with JIT), and
 * its application to text nodes in document order.
 *
 * Each text node is matched with the character before it in the running
 * text prepended (a space at the start of a block), so that a quote right
 * after markup (<emphasis>word</emphasis>") still gets the right side. The
 * prepended character is removed again afterwards; rules use it only as
 * look-behind context.
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

typedef struct rule {
    pcre2_code *re;
    const char *replacement;
} rule;

typedef BP_VEC(rule) rules;

static void free_rules(rules *rs)
{
    for (size_t i = 0; i < rs->len; i++)
        pcre2_code_free(rs->items[i].re);
    BP_VEC_FREE(*rs);
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

/* Reads and compiles the rules; false (with diagnostics) on any error. */
static bool load_rules(bp_doc *doc, const char *path, rules *out)
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
        if (bp_jit_wanted())
            pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
        BP_PUSH(*out, ((rule){re, bp_arena_strdup(&doc->arena, replacement)}));
    }
    fclose(f);
    return ok;
}

/* Runs every rule over one string; returns a heap string. A rule is first
 * only matched (into `probe`): most rules find nothing in most text, and
 * substituting would copy the text into a new buffer all the same. */
static char *rewrite(const rules *rs, const char *text, pcre2_match_data *probe, bool *failed)
{
    char *cur = bp_xstrdup(text);
    for (size_t i = 0; i < rs->len; i++) {
        size_t len = strlen(cur);
        if (pcre2_match(rs->items[i].re, (PCRE2_SPTR)cur, len, 0, 0, probe, NULL) ==
            PCRE2_ERROR_NOMATCH)
            continue;
        PCRE2_SIZE out_len = len * 2 + 64;
        for (int attempt = 0; attempt < 4; attempt++) {
            PCRE2_UCHAR *out = bp_xmalloc(out_len);
            PCRE2_SIZE n = out_len;
            int rc = pcre2_substitute(rs->items[i].re, (PCRE2_SPTR)cur, len, 0,
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
    if (!load_rules(doc, path, &rs)) {
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
        n->text = strncmp(out, u, ctx) == 0 ? bp_arena_strdup(&doc->arena, out + ctx)
                                            : n->text;
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
