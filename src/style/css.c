/*
 * style/css.c — tokenising and parsing the CSS subset briefpress reads.
 *
 * A hand-written scanner over the whole sheet: comments, strings, at-rules,
 * selector preludes and declaration blocks. It recovers at the next '}' or
 * ';' after an error, as CSS parsers do, so one typo costs one rule.
 */
#include "css.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct scanner {
    bp_arena *a;
    bp_diag_sink *sink;
    const char *path, *s, *p;
    uint32_t line, col;
    int errors;
    BP_VEC(bp_css_rule) rules;
} scanner;

static void advance(scanner *sc)
{
    if (!*sc->p)
        return;
    if (*sc->p == '\n')
        sc->line++, sc->col = 1;
    else if (((unsigned char)*sc->p & 0xC0) != 0x80)
        sc->col++;
    sc->p++;
}

static bp_loc here(const scanner *sc) { return (bp_loc){sc->path, sc->line, sc->col}; }

static void skip_space_and_comments(scanner *sc)
{
    for (;;) {
        while (*sc->p && isspace((unsigned char)*sc->p))
            advance(sc);
        if (sc->p[0] == '/' && sc->p[1] == '*') {
            bp_loc start = here(sc);
            advance(sc), advance(sc);
            while (*sc->p && !(sc->p[0] == '*' && sc->p[1] == '/'))
                advance(sc);
            if (!*sc->p) {
                bp_diag_emit(sc->sink, BP_ERROR, "css-syntax", start, "unterminated comment");
                sc->errors++;
                return;
            }
            advance(sc), advance(sc);
            continue;
        }
        return;
    }
}

/* Reads up to (not including) one of the stop characters at nesting level 0,
 * skipping strings and comments; returns the trimmed text. */
static char *read_until(scanner *sc, const char *stops)
{
    const char *start = sc->p;
    while (*sc->p && !strchr(stops, *sc->p)) {
        if (*sc->p == '"' || *sc->p == '\'') {
            char q = *sc->p;
            advance(sc);
            while (*sc->p && *sc->p != q && *sc->p != '\n') {
                if (*sc->p == '\\' && sc->p[1])
                    advance(sc);
                advance(sc);
            }
            if (*sc->p == q)
                advance(sc);
            continue;
        }
        if (sc->p[0] == '/' && sc->p[1] == '*') {
            skip_space_and_comments(sc);
            continue;
        }
        advance(sc);
    }
    const char *end = sc->p;
    while (start < end && isspace((unsigned char)*start))
        start++;
    while (end > start && isspace((unsigned char)end[-1]))
        end--;
    return bp_arena_strndup(sc->a, start, (size_t)(end - start));
}

static void parse_declarations(scanner *sc, bp_css_rule *rule)
{
    BP_VEC(bp_css_decl) decls = {0};
    for (;;) {
        skip_space_and_comments(sc);
        if (!*sc->p) {
            bp_diag_emit(sc->sink, BP_ERROR, "css-syntax", here(sc),
                         "unterminated block: expected '}'");
            sc->errors++;
            break;
        }
        if (*sc->p == '}') {
            advance(sc);
            break;
        }
        if (*sc->p == ';') {
            advance(sc);
            continue;
        }
        bp_loc loc = here(sc);
        char *prop = read_until(sc, ":;}");
        if (*sc->p != ':') {
            bp_diag_emit(sc->sink, BP_ERROR, "css-syntax", loc,
                         "expected ':' after property \"%s\"", prop);
            sc->errors++;
            read_until(sc, ";}");
            continue;
        }
        advance(sc);
        char *value = read_until(sc, ";}");
        for (char *c = prop; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        BP_PUSH(decls, ((bp_css_decl){prop, value, loc}));
    }
    rule->n_decls = decls.len;
    rule->decls = BP_NEW_ARRAY(sc->a, bp_css_decl, decls.len + 1);
    if (decls.len)
        memcpy(rule->decls, decls.items, decls.len * sizeof(bp_css_decl));
    BP_VEC_FREE(decls);
}

/* Parses one selector (no commas) into compounds; 0 on a syntax error. */
static int parse_selector(scanner *sc, const char *text, bp_loc loc, bp_css_rule *rule)
{
    BP_VEC(bp_css_compound) parts = {0};
    const char *p = text;
    char comb = ' ';
    int spec = 0;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (*p == '>') {
            comb = '>';
            p++;
            continue;
        }
        if (!*p)
            break;
        bp_css_compound c = {NULL, NULL, comb};
        const char *s = p;
        while (*p && (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == '*'))
            p++;
        if (p > s) {
            c.element = bp_arena_strndup(sc->a, s, (size_t)(p - s));
            if (strcmp(c.element, "*") != 0)
                spec += 1;
        }
        if (*p == '.') {
            s = ++p;
            while (*p && (isalnum((unsigned char)*p) || *p == '-' || *p == '_'))
                p++;
            c.cls = bp_arena_strndup(sc->a, s, (size_t)(p - s));
            spec += 100;
        }
        if (!c.element && !c.cls) {
            bp_diag_emit(sc->sink, BP_ERROR, "css-selector", loc,
                         "unsupported selector \"%s\" (briefpress reads element names, .role "
                         "classes, descendant and '>' combinators)", text);
            sc->errors++;
            BP_VEC_FREE(parts);
            return 0;
        }
        BP_PUSH(parts, c);
        comb = ' ';
    }
    rule->n_parts = parts.len;
    rule->parts = BP_NEW_ARRAY(sc->a, bp_css_compound, parts.len + 1);
    if (parts.len)
        memcpy(rule->parts, parts.items, parts.len * sizeof(bp_css_compound));
    rule->specificity = spec;
    BP_VEC_FREE(parts);
    return 1;
}

static void parse_rule(scanner *sc)
{
    bp_loc loc = here(sc);
    const char *at = NULL;
    if (*sc->p == '@') {
        advance(sc);
        const char *s = sc->p;
        while (*sc->p && (isalnum((unsigned char)*sc->p) || *sc->p == '-'))
            advance(sc);
        at = bp_arena_strndup(sc->a, s, (size_t)(sc->p - s));
    }
    char *prelude = read_until(sc, "{;}");
    if (*sc->p != '{') {
        bp_diag_emit(sc->sink, BP_ERROR, "css-syntax", loc, "expected '{' after \"%s%s%s\"",
                     at ? "@" : "", at ? at : "", prelude);
        sc->errors++;
        if (*sc->p)
            advance(sc);
        return;
    }
    advance(sc);
    bp_css_rule proto = {.at = at};
    parse_declarations(sc, &proto);
    if (at) {
        proto.order = (int)sc->rules.len;
        BP_PUSH(sc->rules, proto);
        return;
    }
    /* "a, b { … }" is two rules sharing one declaration block. */
    char *sel = prelude;
    while (sel) {
        char *comma = strchr(sel, ',');
        if (comma)
            *comma = '\0';
        bp_css_rule r = proto;
        if (parse_selector(sc, sel, loc, &r)) {
            r.order = (int)sc->rules.len;
            BP_PUSH(sc->rules, r);
        }
        sel = comma ? comma + 1 : NULL;
    }
}

int bp_css_parse(bp_arena *a, bp_diag_sink *sink, const char *path, const char *text,
                 bp_css_sheet *sheet)
{
    scanner sc = {.a = a, .sink = sink, .path = path, .s = text, .p = text, .line = 1, .col = 1};
    for (;;) {
        skip_space_and_comments(&sc);
        if (!*sc.p)
            break;
        if (*sc.p == '}') {
            bp_diag_emit(sink, BP_ERROR, "css-syntax", here(&sc), "unexpected '}'");
            sc.errors++;
            advance(&sc);
            continue;
        }
        parse_rule(&sc);
    }
    sheet->path = path;
    sheet->n_rules = sc.rules.len;
    sheet->rules = BP_NEW_ARRAY(a, bp_css_rule, sc.rules.len + 1);
    if (sc.rules.len)
        memcpy(sheet->rules, sc.rules.items, sc.rules.len * sizeof(bp_css_rule));
    BP_VEC_FREE(sc.rules);
    return sc.errors;
}
