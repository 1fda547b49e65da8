/*
 * style/css.c — tokenising and parsing the CSS briefpress reads.
 *
 * A hand-written scanner over the whole sheet: comments, strings, at-rules,
 * selector preludes and declaration blocks. It recovers at the next '}' or
 * ';' after an error, as CSS parsers do, so one typo costs one rule.
 */
#include "css.h"

#include "base/buf.h"
#include "base/file.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_IMPORT_DEPTH 8

typedef struct scanner {
    bp_arena *a;
    bp_diag_sink *sink;
    const char *path, *dir, *p;
    uint32_t line, col;
    int errors;
    int depth;
    bp_css_sheet *sheet;
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

static void error(scanner *sc, bp_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void error(scanner *sc, bp_loc loc, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    bp_diag_emit(sc->sink, BP_ERROR, "css-syntax", loc, "%s", msg);
    sc->errors++;
}

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
                error(sc, start, "unterminated comment");
                return;
            }
            advance(sc), advance(sc);
            continue;
        }
        return;
    }
}

/* Reads up to (not including) one of the stop characters at nesting level
 * 0, skipping strings, comments and parenthesised groups; trimmed text. */
static char *read_until(scanner *sc, const char *stops)
{
    const char *start = sc->p;
    int parens = 0;
    while (*sc->p && (parens > 0 || !strchr(stops, *sc->p))) {
        if (*sc->p == '"' || *sc->p == '\'') {
            char q = *sc->p;
            bp_loc at = here(sc);
            advance(sc);
            while (*sc->p && *sc->p != q && *sc->p != '\n') {
                if (*sc->p == '\\' && sc->p[1])
                    advance(sc);
                advance(sc);
            }
            if (*sc->p == q)
                advance(sc);
            else
                error(sc, at, "unterminated string");
            continue;
        }
        if (sc->p[0] == '/' && sc->p[1] == '*') {
            skip_space_and_comments(sc);
            continue;
        }
        if (*sc->p == '(')
            parens++;
        else if (*sc->p == ')' && parens > 0)
            parens--;
        advance(sc);
    }
    const char *end = sc->p;
    while (start < end && isspace((unsigned char)*start))
        start++;
    while (end > start && isspace((unsigned char)end[-1]))
        end--;
    /* Comments inside a value are dropped from it. */
    char *out = bp_arena_strndup(sc->a, start, (size_t)(end - start));
    for (char *c = strstr(out, "/*"); c; c = strstr(c, "/*")) {
        char *e = strstr(c + 2, "*/");
        if (!e) {
            *c = '\0';
            break;
        }
        memmove(c, e + 2, strlen(e + 2) + 1);
    }
    return out;
}

static void push_rule(scanner *sc, bp_css_rule r)
{
    bp_css_sheet *s = sc->sheet;
    if (s->n_rules == s->cap_rules) {
        size_t cap = s->cap_rules ? s->cap_rules * 2 : 64;
        bp_css_rule *n = BP_NEW_ARRAY(sc->a, bp_css_rule, cap);
        if (s->n_rules)
            memcpy(n, s->rules, s->n_rules * sizeof(bp_css_rule));
        s->rules = n;
        s->cap_rules = cap;
    }
    r.order = (int)s->n_rules;
    r.dir = sc->dir;
    s->rules[s->n_rules++] = r;
}

static void parse_block(scanner *sc, bp_css_rule *rule);

/* A margin box nested in @page: @top-center { content: …; } */
static void parse_margin_box(scanner *sc, const bp_css_rule *page)
{
    bp_loc loc = here(sc);
    advance(sc); /* '@' */
    const char *s = sc->p;
    while (*sc->p && (isalnum((unsigned char)*sc->p) || *sc->p == '-'))
        advance(sc);
    const char *name = bp_arena_strndup(sc->a, s, (size_t)(sc->p - s));
    static const char *const boxes[] = {"top-left", "top-center", "top-right", "bottom-left",
                                        "bottom-center", "bottom-right", NULL};
    bool known = false;
    for (const char *const *b = boxes; *b && !known; b++)
        known = strcmp(*b, name) == 0;
    skip_space_and_comments(sc);
    if (*sc->p != '{') {
        error(sc, loc, "expected '{' after @%s", name);
        read_until(sc, ";}");
        return;
    }
    advance(sc);
    bp_css_rule box = {.at = "page-margin", .page_pseudo = page->page_pseudo, .margin_box = name};
    parse_block(sc, &box);
    if (!known) {
        bp_diag_emit(sc->sink, BP_WARNING, "css-unknown-rule", loc,
                     "unknown margin box @%s is ignored (accepted: @top-left, @top-center, "
                     "@top-right, @bottom-left, @bottom-center, @bottom-right)",
                     name);
        return;
    }
    push_rule(sc, box);
}

/* Declarations up to the closing '}' (already past the '{'). */
static void parse_block(scanner *sc, bp_css_rule *rule)
{
    BP_VEC(bp_css_decl) decls = {0};
    bp_loc open = here(sc); /* just past the '{': report at the brace itself */
    if (open.col > 1)
        open.col--;
    for (;;) {
        skip_space_and_comments(sc);
        if (!*sc->p) {
            error(sc, open, "unterminated block: expected '}'");
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
        if (*sc->p == '@' && rule->at && strcmp(rule->at, "page") == 0) {
            parse_margin_box(sc, rule);
            continue;
        }
        bp_loc loc = here(sc);
        char *prop = read_until(sc, ":;{}");
        if (*sc->p != ':') {
            error(sc, loc, "expected ':' after property \"%s\"", prop);
            if (*sc->p == '{') { /* a nested block we do not understand: skip it whole */
                int depth = 0;
                do {
                    if (*sc->p == '{')
                        depth++;
                    else if (*sc->p == '}')
                        depth--;
                    advance(sc);
                } while (*sc->p && depth > 0);
            } else {
                read_until(sc, ";}");
            }
            continue;
        }
        advance(sc);
        char *value = read_until(sc, ";}");
        for (char *c = prop; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        BP_PUSH(decls, ((bp_css_decl){prop, value, loc, sc->dir}));
    }
    rule->n_decls = decls.len;
    rule->decls = BP_NEW_ARRAY(sc->a, bp_css_decl, decls.len + 1);
    if (decls.len)
        memcpy(rule->decls, decls.items, decls.len * sizeof(bp_css_decl));
    BP_VEC_FREE(decls);
}

static bool name_char(char c) { return isalnum((unsigned char)c) || c == '-' || c == '_'; }

/* Parses one selector (no commas) into compounds; false on a syntax error. */
static bool parse_selector(scanner *sc, const char *text, bp_loc loc, bp_css_rule *rule)
{
    BP_VEC(bp_css_compound) parts = {0};
    const char *p = text;
    char comb = ' ';
    int spec = 0;
    bool ok = true;
    while (*p && ok) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (*p == '>') {
            comb = '>';
            p++;
            continue;
        }
        if (!*p)
            break;
        if (rule->pseudo) { /* nothing may follow a pseudo-element */
            ok = false;
            break;
        }
        bp_css_compound c = {.combinator = comb};
        const char *s = p;
        while (*p && (name_char(*p) || *p == '*'))
            p++;
        if (p > s) {
            c.element = bp_arena_strndup(sc->a, s, (size_t)(p - s));
            if (strcmp(c.element, "*") != 0)
                spec += 1;
        }
        bool any = p > s;
        while (ok && (*p == '.' || *p == '[' || *p == ':')) {
            any = true;
            if (*p == '.') {
                s = ++p;
                while (name_char(*p))
                    p++;
                c.cls = bp_arena_strndup(sc->a, s, (size_t)(p - s));
                spec += 100;
            } else if (*p == '[') {
                s = ++p;
                while (name_char(*p) || *p == ':')
                    p++;
                c.attr = bp_arena_strndup(sc->a, s, (size_t)(p - s));
                if (*p == '=') {
                    p++;
                    char q = (*p == '"' || *p == '\'') ? *p++ : 0;
                    s = p;
                    while (*p && (q ? *p != q : *p != ']'))
                        p++;
                    c.attr_value = bp_arena_strndup(sc->a, s, (size_t)(p - s));
                    if (q && *p == q)
                        p++;
                }
                if (*p != ']')
                    ok = false;
                else
                    p++;
                spec += 100;
            } else if (strncmp(p, "::before", 8) == 0 || strncmp(p, "::after", 7) == 0) {
                rule->pseudo = p[2] == 'b' ? "before" : "after";
                p += p[2] == 'b' ? 8 : 7;
                spec += 1;
            } else if (strncmp(p, ":first-child", 12) == 0 && !name_char(p[12])) {
                c.first_child = true;
                p += 12;
                spec += 100;
            } else {
                ok = false;
            }
        }
        if (!any || (*p && !isspace((unsigned char)*p) && *p != '>'))
            ok = false;
        BP_PUSH(parts, c);
        comb = ' ';
    }
    if (!ok || parts.len == 0) {
        bp_diag_emit(sc->sink, BP_ERROR, "css-selector", loc,
                     "unsupported selector \"%s\" (briefpress reads element names, .class, "
                     "[attr=value], :first-child, ::before, ::after, descendant and '>' "
                     "combinators)",
                     text);
        sc->errors++;
        BP_VEC_FREE(parts);
        return false;
    }
    rule->n_parts = parts.len;
    rule->parts = BP_NEW_ARRAY(sc->a, bp_css_compound, parts.len + 1);
    memcpy(rule->parts, parts.items, parts.len * sizeof(bp_css_compound));
    rule->specificity = spec;
    BP_VEC_FREE(parts);
    return true;
}

static int parse_file(bp_arena *a, bp_diag_sink *sink, const char *path, bp_loc from,
                      bp_css_sheet *sheet, int depth);

/* @import url("x.css"); or @import "x.css"; — relative to this sheet. */
static void parse_import(scanner *sc, bp_loc loc, const char *prelude)
{
    const char *s = prelude;
    if (strncmp(s, "url(", 4) == 0)
        s += 4;
    while (*s == ' ')
        s++;
    char q = (*s == '"' || *s == '\'') ? *s++ : 0;
    const char *e = s;
    while (*e && (q ? *e != q : *e != ')' && *e != ' '))
        e++;
    const char *file = bp_arena_strndup(sc->a, s, (size_t)(e - s));
    if (!*file) {
        error(sc, loc, "@import needs a file: @import url(\"file.css\")");
        return;
    }
    const char *path = file[0] == '/' ? file : bp_arena_printf(sc->a, "%s%s", sc->dir, file);
    if (sc->depth >= MAX_IMPORT_DEPTH) {
        error(sc, loc, "@import nested too deeply (a loop?) at \"%s\"", file);
        return;
    }
    int n = parse_file(sc->a, sc->sink, path, loc, sc->sheet, sc->depth + 1);
    if (n > 0)
        sc->errors += n;
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
    if (at && strcmp(at, "import") == 0) {
        if (*sc->p == ';')
            advance(sc);
        parse_import(sc, loc, prelude);
        return;
    }
    if (*sc->p != '{') {
        bp_diag_emit(sc->sink, BP_ERROR, "css-syntax", loc, "expected '{' after \"%s%s%s\"",
                     at ? "@" : "", at ? at : "", prelude);
        sc->errors++;
        if (*sc->p)
            advance(sc);
        return;
    }
    advance(sc);
    if (at) {
        if (strcmp(at, "page") != 0 && strcmp(at, "font-face") != 0) {
            bp_diag_emit(sc->sink, BP_WARNING, "css-unknown-rule", loc,
                         "unknown at-rule @%s is ignored (accepted: @import, @font-face, @page)",
                         at);
            bp_css_rule skip = {.at = at};
            parse_block(sc, &skip);
            return;
        }
        bp_css_rule r = {.at = at};
        if (strcmp(at, "page") == 0 && *prelude) {
            if (strcmp(prelude, ":first") == 0 || strcmp(prelude, ":left") == 0 ||
                strcmp(prelude, ":right") == 0)
                r.page_pseudo = prelude;
            else
                bp_diag_emit(sc->sink, BP_WARNING, "css-selector", loc,
                             "@page %s: briefpress reads @page, @page :first, :left and :right",
                             prelude);
        }
        size_t index = sc->sheet->n_rules;
        push_rule(sc, r); /* before its margin boxes, which parse_block pushes */
        bp_css_rule *placed = &sc->sheet->rules[index];
        bp_css_rule block = *placed;
        parse_block(sc, &block);
        placed = &sc->sheet->rules[index]; /* the array may have moved */
        placed->decls = block.decls;
        placed->n_decls = block.n_decls;
        return;
    }
    bp_css_rule proto = {0};
    parse_block(sc, &proto);
    /* "a, b { … }" is two rules sharing one declaration block. */
    char *sel = prelude;
    while (sel) {
        char *comma = strchr(sel, ',');
        if (comma)
            *comma = '\0';
        bp_css_rule r = proto;
        if (parse_selector(sc, sel, loc, &r))
            push_rule(sc, r);
        sel = comma ? comma + 1 : NULL;
    }
}

static int parse_text(bp_arena *a, bp_diag_sink *sink, const char *path, const char *text,
                      bp_css_sheet *sheet, int depth)
{
    const char *slash = strrchr(path, '/');
    scanner sc = {.a = a, .sink = sink, .path = path, .p = text, .line = 1, .col = 1,
                  .depth = depth, .sheet = sheet,
                  .dir = slash ? bp_arena_strndup(a, path, (size_t)(slash - path + 1)) : ""};
    for (;;) {
        skip_space_and_comments(&sc);
        if (!*sc.p)
            break;
        if (*sc.p == '}') {
            error(&sc, here(&sc), "unexpected '}'");
            advance(&sc);
            continue;
        }
        parse_rule(&sc);
    }
    return sc.errors;
}

int bp_css_parse(bp_arena *a, bp_diag_sink *sink, const char *path, const char *text,
                 bp_css_sheet *sheet)
{
    sheet->path = path;
    return parse_text(a, sink, path, text, sheet, 0);
}

static int parse_file(bp_arena *a, bp_diag_sink *sink, const char *path, bp_loc from,
                      bp_css_sheet *sheet, int depth)
{
    bp_css_source *source = BP_NEW(a, bp_css_source);
    source->path = bp_arena_strdup(a, path);
    source->next = sheet->sources;
    sheet->sources = source;
    bp_buf text = {0};
    int err = bp_file_read(path, &text);
    if (err) {
        bp_diag_emit(sink, BP_ERROR, "style-unreadable", from, "cannot read style sheet %s: %s",
                     path, strerror(err));
        bp_buf_free(&text);
        return -1;
    }
    int errors = parse_text(a, sink, bp_arena_strdup(a, path), text.data, sheet, depth);
    bp_buf_free(&text);
    return errors;
}

int bp_css_parse_file(bp_arena *a, bp_diag_sink *sink, const char *path, bp_css_sheet *sheet)
{
    sheet->path = bp_arena_strdup(a, path);
    return parse_file(a, sink, path, BP_LOC_NONE, sheet, 0);
}
