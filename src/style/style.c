/*
 * style/style.c — the cascade: which declarations apply to an element, and
 * the values they compute to.
 */
#include "style.h"

#include "css.h"

#include "base/buf.h"
#include "base/hash.h"
#include "base/utf8.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Page variants: the plain @page, then :first, :left and :right, each with
 * the margin boxes that apply to it. */
enum { PAGE_ANY, PAGE_FIRST, PAGE_LEFT, PAGE_RIGHT, PAGE_VARIANTS };

/* Style rules by the element name their last compound names, so that an
 * element is matched against its own rules and the universal ones only. */
typedef struct rule_bucket {
    const char *name; /* NULL: rules for any element */
    const bp_css_rule **rules;
    size_t n, cap;
    size_t n_pseudo;  /* how many are ::before/::after rules */
} rule_bucket;

/* A computed style and what it was computed from. */
typedef struct shared_style {
    uint64_t hash;
    const bp_style *parent;
    const bp_css_rule **matched; /* in cascade order */
    size_t n_matched;
    const bp_style *style;
} shared_style;

struct bp_stylesheet {
    bp_css_sheet css;
    bp_page_style page[PAGE_VARIANTS];
    rule_bucket *buckets; /* open addressing by name; [0] is the universal bucket */
    size_t n_buckets;
    shared_style *shared; /* open addressing by hash; arena arrays */
    size_t n_shared, cap_shared;
};

static const char *const known_properties[] = {
    "font-family", "font-size", "font-weight", "font-style", "line-height", "text-align",
    "text-indent", "hyphens", "hyphenate-capitals", "margin", "margin-top", "margin-bottom",
    "margin-left", "margin-right", "padding", "padding-top", "padding-right", "padding-bottom",
    "padding-left", "border", "border-top", "border-right", "border-bottom", "border-left",
    "border-width", "border-color", "border-style", "color", "letter-spacing",
    "text-transform", "counter-reset", "counter-increment", "string-set", "break-before",
    "break-after", "break-inside", "page-break-before", "page-break-after",
    "page-break-inside", "display", "content", "size", "src", "widows", "orphans",
    "xref-style", "toc-depth", "citation-ibid", "footnote-numbering", "typography-rules", NULL};

/* ---- values ------------------------------------------------------------------ */

/* A length in points; em relative to `em`. Returns 0 and sets *ok=false on junk. */
static double parse_length(const char *v, double em, bool *ok)
{
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    *ok = end != v && errno == 0;
    if (!*ok)
        return 0;
    while (*end == ' ')
        end++;
    if (!*end || strcmp(end, "pt") == 0)
        return x;
    if (strcmp(end, "mm") == 0)
        return x * 72.0 / 25.4;
    if (strcmp(end, "cm") == 0)
        return x * 72.0 / 2.54;
    if (strcmp(end, "in") == 0)
        return x * 72.0;
    if (strcmp(end, "px") == 0)
        return x * 0.75;
    if (strcmp(end, "em") == 0)
        return x * em;
    *ok = false;
    return 0;
}

static const char *unquote(bp_arena *a, const char *v)
{
    size_t n = strlen(v);
    if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0])
        return bp_arena_strndup(a, v + 1, n - 2);
    return v;
}

static void bad_value(bp_doc *doc, const bp_css_decl *d, const char *accepted)
{
    bp_diag_emit(doc->diags, BP_WARNING, "css-bad-value", d->loc,
                 "bad value \"%s\" for %s (accepted: %s)", d->value, d->property, accepted);
}

/* #rgb, #rrggbb, rgb(r, g, b) and a few names. */
static bool parse_color(const char *v, double rgb[3])
{
    static const struct {
        const char *name;
        unsigned hex;
    } names[] = {{"black", 0x000000}, {"white", 0xFFFFFF}, {"gray", 0x808080},
                 {"grey", 0x808080},  {"red", 0xFF0000},   {"navy", 0x000080},
                 {"blue", 0x0000FF},  {"maroon", 0x800000}, {"green", 0x008000}};
    unsigned hex = 0;
    int r, g, b;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(v, names[i].name) == 0) {
            hex = names[i].hex;
            goto set;
        }
    if (v[0] == '#') {
        size_t n = strlen(v + 1);
        char *end;
        unsigned long x = strtoul(v + 1, &end, 16);
        if (*end || (n != 3 && n != 6))
            return false;
        hex = n == 6 ? (unsigned)x
                     : (unsigned)(((x >> 8) & 0xF) * 0x110000 + ((x >> 4) & 0xF) * 0x1100 +
                                  (x & 0xF) * 0x11);
        goto set;
    }
    if (sscanf(v, "rgb(%d , %d , %d )", &r, &g, &b) == 3 && r >= 0 && r <= 255 && g >= 0 &&
        g <= 255 && b >= 0 && b <= 255) {
        hex = (unsigned)(r << 16 | g << 8 | b);
        goto set;
    }
    return false;
set:
    rgb[0] = ((hex >> 16) & 0xFF) / 255.0;
    rgb[1] = ((hex >> 8) & 0xFF) / 255.0;
    rgb[2] = (hex & 0xFF) / 255.0;
    return true;
}

/* A content list: "text", counter(n[, style]), counters(n, "sep"[, style]),
 * attr(x), content(), string(n). NULL (with *ok false) on junk; "none" and
 * "normal" give an empty list. */
static const bp_content *parse_content(bp_arena *a, const char *v, bool *ok)
{
    *ok = true;
    BP_VEC(bp_content_item) items = {0};
    const char *p = v;
    if (strcmp(v, "none") == 0 || strcmp(v, "normal") == 0)
        p = "";
    while (*p && *ok) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        bp_content_item it = {0};
        if (*p == '"' || *p == '\'') {
            char q = *p++;
            bp_buf b = {0};
            while (*p && *p != q) {
                if (*p == '\\' && p[1]) {
                    p++;
                    /* CSS escapes: \A is a line feed, \201C a code point */
                    if (isxdigit((unsigned char)*p)) {
                        char *end;
                        unsigned long cp = strtoul(p, &end, 16);
                        char u[4];
                        size_t n = bp_utf8_encode((uint32_t)cp, u);
                        bp_buf_append(&b, u, n);
                        p = end;
                        if (*p == ' ')
                            p++;
                        continue;
                    }
                }
                bp_buf_putc(&b, *p++);
            }
            if (*p != q) {
                *ok = false;
                bp_buf_free(&b);
                break;
            }
            p++;
            it.kind = BP_CONTENT_STRING;
            it.text = bp_arena_strdup(a, bp_buf_str(&b));
            bp_buf_free(&b);
        } else {
            const char *s = p;
            while (isalnum((unsigned char)*p) || *p == '-')
                p++;
            size_t n = (size_t)(p - s);
            if (*p != '(') {
                *ok = false;
                break;
            }
            const char *close = strchr(p, ')');
            if (!close) {
                *ok = false;
                break;
            }
            char *args = bp_arena_strndup(a, p + 1, (size_t)(close - p - 1));
            p = close + 1;
            char *argv[3] = {0};
            int argc = 0;
            for (char *t = strtok(args, ","); t && argc < 3; t = strtok(NULL, ",")) {
                while (*t == ' ')
                    t++;
                char *e = t + strlen(t);
                while (e > t && e[-1] == ' ')
                    *--e = '\0';
                if ((*t == '"' || *t == '\'') && e > t + 1 && e[-1] == *t) {
                    t++;
                    e[-1] = '\0';
                }
                argv[argc++] = t;
            }
            it.numbering = "decimal";
            if (n == 7 && strncmp(s, "counter", 7) == 0 && argc >= 1) {
                it.kind = BP_CONTENT_COUNTER, it.text = argv[0];
                if (argc > 1)
                    it.numbering = argv[1];
            } else if (n == 8 && strncmp(s, "counters", 8) == 0 && argc >= 2) {
                it.kind = BP_CONTENT_COUNTERS, it.text = argv[0], it.sep = argv[1];
                if (argc > 2)
                    it.numbering = argv[2];
            } else if (n == 4 && strncmp(s, "attr", 4) == 0 && argc == 1) {
                it.kind = BP_CONTENT_ATTR, it.text = argv[0];
            } else if (n == 7 && strncmp(s, "content", 7) == 0) {
                it.kind = BP_CONTENT_TEXT;
            } else if (n == 6 && strncmp(s, "string", 6) == 0 && argc >= 1) {
                it.kind = BP_CONTENT_NAMED, it.text = argv[0];
            } else {
                *ok = false;
            }
        }
        if (*ok)
            BP_PUSH(items, it);
    }
    if (!*ok) {
        BP_VEC_FREE(items);
        return NULL;
    }
    bp_content *c = BP_NEW(a, bp_content);
    c->n = items.len;
    c->items = BP_NEW_ARRAY(a, bp_content_item, items.len + 1);
    if (items.len)
        memcpy(c->items, items.items, items.len * sizeof(bp_content_item));
    BP_VEC_FREE(items);
    return c;
}

/* "name [n] name [n] …"; none gives an empty list. */
static bool parse_counter_ops(bp_arena *a, const char *v, int dflt, const bp_counter_op **out,
                              size_t *n_out)
{
    BP_VEC(bp_counter_op) ops = {0};
    char *copy = bp_arena_strdup(a, v);
    bool ok = true;
    if (strcmp(v, "none") != 0) {
        for (char *t = strtok(copy, " "); t && ok; t = strtok(NULL, " ")) {
            char *end;
            long x = strtol(t, &end, 10);
            if (end != t && !*end) {
                if (ops.len == 0)
                    ok = false;
                else
                    ops.items[ops.len - 1].value = (int)x;
            } else if (isalpha((unsigned char)*t) || *t == '_' || *t == '-') {
                BP_PUSH(ops, ((bp_counter_op){t, dflt}));
            } else {
                ok = false;
            }
        }
    }
    *n_out = ops.len;
    bp_counter_op *arr = BP_NEW_ARRAY(a, bp_counter_op, ops.len + 1);
    if (ops.len)
        memcpy(arr, ops.items, ops.len * sizeof(bp_counter_op));
    *out = arr;
    BP_VEC_FREE(ops);
    return ok;
}

/* ---- matching ------------------------------------------------------------------ */

static bool has_class(const bp_node *n, const char *cls)
{
    const char *role = bp_node_attr(n, "role");
    size_t len = strlen(cls);
    for (const char *p = role; p && *p;) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if ((size_t)(e - p) == len && strncmp(p, cls, len) == 0)
            return true;
        p = e;
    }
    return false;
}

static bool is_first_child(const bp_node *n)
{
    for (const bp_node *p = n->prev; p; p = p->prev)
        if (p->kind != BP_NODE_TEXT && p->kind != BP_NODE_PI)
            return false;
    return true;
}

static bool compound_matches(const bp_css_compound *c, const char *name, const bp_node *n)
{
    if (c->element && strcmp(c->element, "*") != 0 && strcmp(c->element, name) != 0)
        return false;
    if (c->cls && (!n || !has_class(n, c->cls)))
        return false;
    if (c->attr) {
        /* [role=x] and [attr=value]; "id" also finds xml:id */
        const char *v = n ? bp_node_attr(n, c->attr) : NULL;
        if (!v && n && strcmp(c->attr, "id") == 0)
            v = bp_node_id(n);
        if (!v || (c->attr_value && strcmp(v, c->attr_value) != 0))
            return false;
    }
    if (c->first_child && (!n || !is_first_child(n)))
        return false;
    return true;
}

static bool rule_matches(const bp_css_rule *r, const char *name, const bp_node *n,
                         const char *pseudo)
{
    if (r->at || r->n_parts == 0)
        return false;
    if ((r->pseudo || pseudo) && (!r->pseudo || !pseudo || strcmp(r->pseudo, pseudo) != 0))
        return false;
    size_t i = r->n_parts - 1;
    if (!compound_matches(&r->parts[i], name, n))
        return false;
    const bp_node *anc = n ? n->parent : NULL;
    while (i > 0) {
        const bp_css_compound *next = &r->parts[i];
        const bp_css_compound *want = &r->parts[i - 1];
        bool found = false;
        while (anc && !found) {
            found = compound_matches(want, anc->name, anc);
            if (!found && next->combinator == '>')
                return false;
            anc = anc->parent;
        }
        if (!found)
            return false;
        i--;
    }
    return true;
}

/* ---- computing ------------------------------------------------------------------ */

/* padding / padding-top …: one to four lengths, CSS order top right bottom left. */
static void apply_sides(bp_doc *doc, const bp_css_decl *d, double em, double out[4])
{
    double vals[4];
    int n = 0;
    bool ok = true;
    char *copy = bp_arena_strdup(&doc->arena, d->value);
    for (char *tok = strtok(copy, " "); tok && n < 4 && ok; tok = strtok(NULL, " "))
        vals[n++] = parse_length(tok, em, &ok);
    if (!ok || n == 0) {
        bad_value(doc, d, "one to four lengths");
        return;
    }
    const char *side = strchr(d->property, '-');
    if (!side) {
        out[0] = vals[0];
        out[1] = n > 1 ? vals[1] : vals[0];
        out[2] = n > 2 ? vals[2] : vals[0];
        out[3] = n > 3 ? vals[3] : out[1];
        return;
    }
    static const char *const sides[4] = {"-top", "-right", "-bottom", "-left"};
    for (int i = 0; i < 4; i++)
        if (strcmp(side, sides[i]) == 0)
            out[i] = vals[0];
}

/* border, border-top …: "1pt solid #333" (only solid borders are drawn);
 * border-width, border-color, border-style. */
static void apply_border(bp_doc *doc, bp_style *s, const bp_css_decl *d)
{
    const char *p = d->property;
    if (strcmp(p, "border-style") == 0)
        return; /* every border is solid */
    if (strcmp(p, "border-color") == 0) {
        if (!parse_color(d->value, s->border_color))
            bad_value(doc, d, "a colour");
        return;
    }
    if (strcmp(p, "border-width") == 0) {
        apply_sides(doc, d, s->font_size, s->border);
        return;
    }
    double width = 1;
    bool ok = true, none = false;
    char *copy = bp_arena_strdup(&doc->arena, d->value);
    for (char *tok = strtok(copy, " "); tok && ok; tok = strtok(NULL, " ")) {
        if (strcmp(tok, "solid") == 0)
            continue;
        if (strcmp(tok, "none") == 0 || strcmp(tok, "0") == 0) {
            none = true;
            continue;
        }
        if (isdigit((unsigned char)tok[0]) || tok[0] == '.')
            width = parse_length(tok, s->font_size, &ok);
        else
            ok = parse_color(tok, s->border_color);
    }
    if (!ok) {
        bad_value(doc, d, "a width, solid, and a colour (\"0.5pt solid #333\"), or none");
        return;
    }
    static const char *const sides[4] = {"border-top", "border-right", "border-bottom",
                                         "border-left"};
    for (int i = 0; i < 4; i++)
        if (strcmp(p, "border") == 0 || strcmp(p, sides[i]) == 0)
            s->border[i] = none ? 0 : width;
}

static void apply(bp_doc *doc, bp_style *s, const bp_css_decl *d, double parent_size)
{
    const char *p = d->property, *v = d->value;
    bool ok = true;
    if (strcmp(p, "font-family") == 0) {
        s->family = unquote(&doc->arena, v);
    } else if (strcmp(p, "font-size") == 0) {
        double x = parse_length(v, parent_size, &ok);
        if (ok && x > 0)
            s->font_size = x;
        else
            bad_value(doc, d, "a length such as 10.5pt or 1.2em");
    } else if (strcmp(p, "font-weight") == 0) {
        s->bold = strcmp(v, "bold") == 0 || atoi(v) >= 600;
    } else if (strcmp(p, "font-style") == 0) {
        s->italic = strcmp(v, "italic") == 0 || strcmp(v, "oblique") == 0;
    } else if (strcmp(p, "line-height") == 0) {
        char *end;
        double x = strtod(v, &end);
        if (end != v && *end == '\0')
            s->line_height = -x; /* a factor: resolved against font-size below */
        else if ((x = parse_length(v, s->font_size, &ok)), ok)
            s->line_height = x;
        else
            bad_value(doc, d, "a number or a length");
    } else if (strcmp(p, "text-align") == 0) {
        if (strcmp(v, "justify") == 0)
            s->align = BP_ALIGN_JUSTIFY;
        else if (strcmp(v, "left") == 0 || strcmp(v, "start") == 0)
            s->align = BP_ALIGN_LEFT;
        else if (strcmp(v, "center") == 0)
            s->align = BP_ALIGN_CENTER;
        else if (strcmp(v, "right") == 0 || strcmp(v, "end") == 0)
            s->align = BP_ALIGN_RIGHT;
        else
            bad_value(doc, d, "justify, left, center, right");
    } else if (strcmp(p, "text-indent") == 0) {
        s->text_indent = parse_length(v, s->font_size, &ok);
        if (!ok)
            bad_value(doc, d, "a length");
    } else if (strcmp(p, "hyphens") == 0) {
        s->hyphens = strcmp(v, "auto") == 0;
    } else if (strcmp(p, "hyphenate-capitals") == 0) {
        /* briefpress extension: may capitalised words (names) be hyphenated? */
        if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0)
            s->hyphenate_capitals = strcmp(v, "yes") == 0;
        else
            bad_value(doc, d, "yes, no");
    } else if (strncmp(p, "margin", 6) == 0) {
        double vals[4];
        int n = 0;
        char *copy = bp_arena_strdup(&doc->arena, v);
        for (char *tok = strtok(copy, " "); tok && n < 4; tok = strtok(NULL, " "))
            vals[n++] = parse_length(tok, s->font_size, &ok);
        if (!ok || n == 0) {
            bad_value(doc, d, "one to four lengths");
            return;
        }
        if (strcmp(p, "margin") == 0) {
            s->margin_top = vals[0];
            s->margin_right = n > 1 ? vals[1] : vals[0];
            s->margin_bottom = n > 2 ? vals[2] : vals[0];
            s->margin_left = n > 3 ? vals[3] : s->margin_right;
        } else if (strcmp(p, "margin-top") == 0)
            s->margin_top = vals[0];
        else if (strcmp(p, "margin-bottom") == 0)
            s->margin_bottom = vals[0];
        else if (strcmp(p, "margin-left") == 0)
            s->margin_left = vals[0];
        else if (strcmp(p, "margin-right") == 0)
            s->margin_right = vals[0];
    } else if (strcmp(p, "break-before") == 0 || strcmp(p, "page-break-before") == 0) {
        s->break_before = strcmp(v, "page") == 0 || strcmp(v, "always") == 0;
    } else if (strcmp(p, "break-after") == 0 || strcmp(p, "page-break-after") == 0) {
        s->keep_with_next = strcmp(v, "avoid") == 0;
    } else if (strcmp(p, "break-inside") == 0 || strcmp(p, "page-break-inside") == 0) {
        s->keep_inside = strcmp(v, "avoid") == 0;
    } else if (strcmp(p, "widows") == 0 || strcmp(p, "orphans") == 0) {
        char *end;
        long n = strtol(v, &end, 10);
        if (end == v || *end || n < 1 || n > 10)
            bad_value(doc, d, "a whole number of lines from 1 to 10");
        else if (p[0] == 'w')
            s->widows = (int)n;
        else
            s->orphans = (int)n;
    } else if (strcmp(p, "toc-depth") == 0) {
        char *end;
        long n = strtol(v, &end, 10);
        if (end == v || *end || n < 0 || n > 6)
            bad_value(doc, d, "a whole number from 0 to 6");
        else
            s->toc_depth = (int)n;
    } else if (strcmp(p, "footnote-numbering") == 0) {
        if (strcmp(v, "document") == 0 || strcmp(v, "chapter") == 0)
            s->notes_per_chapter = strcmp(v, "chapter") == 0;
        else
            bad_value(doc, d, "document, chapter");
    } else if (strcmp(p, "citation-ibid") == 0) {
        if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0)
            s->ibid = strcmp(v, "yes") == 0;
        else
            bad_value(doc, d, "yes, no");
    } else if (strcmp(p, "xref-style") == 0) {
        s->xref_style = unquote(&doc->arena, v);
    } else if (strcmp(p, "display") == 0) {
        s->hidden = strcmp(v, "none") == 0;
    } else if (strcmp(p, "content") == 0) {
        s->content = parse_content(&doc->arena, v, &ok);
        if (!ok)
            bad_value(doc, d, "none, or strings, counter(), counters(), attr(), string()");
    } else if (strcmp(p, "color") == 0) {
        if (!parse_color(v, s->color))
            bad_value(doc, d, "#rrggbb, #rgb, rgb(r, g, b) or a basic colour name");
    } else if (strcmp(p, "letter-spacing") == 0) {
        s->letter_spacing = strcmp(v, "normal") == 0 ? 0 : parse_length(v, s->font_size, &ok);
        if (!ok)
            bad_value(doc, d, "normal or a length");
    } else if (strcmp(p, "text-transform") == 0) {
        if (strcmp(v, "uppercase") == 0)
            s->transform = BP_TT_UPPER;
        else if (strcmp(v, "lowercase") == 0)
            s->transform = BP_TT_LOWER;
        else if (strcmp(v, "capitalize") == 0)
            s->transform = BP_TT_CAPITALIZE;
        else if (strcmp(v, "none") == 0)
            s->transform = BP_TT_NONE;
        else
            bad_value(doc, d, "none, uppercase, lowercase, capitalize");
    } else if (strncmp(p, "padding", 7) == 0) {
        apply_sides(doc, d, s->font_size, s->padding);
    } else if (strncmp(p, "border", 6) == 0) {
        apply_border(doc, s, d);
    } else if (strcmp(p, "counter-reset") == 0 || strcmp(p, "counter-increment") == 0) {
        bool reset = p[8] == 'r';
        if (!parse_counter_ops(&doc->arena, v, reset ? 0 : 1, reset ? &s->resets : &s->increments,
                               reset ? &s->n_resets : &s->n_increments))
            bad_value(doc, d, "none, or names each followed by an optional whole number");
    } else if (strcmp(p, "string-set") == 0) {
        const char *sp = strchr(v, ' ');
        bool fine = sp != NULL;
        if (fine) {
            s->string_name = bp_arena_strndup(&doc->arena, v, (size_t)(sp - v));
            s->string_value = parse_content(&doc->arena, sp + 1, &fine);
        }
        if (!fine)
            bad_value(doc, d, "a name followed by content(), strings or counter()");
    } else if (strcmp(p, "typography-rules") == 0) {
        const char *path = v;
        if (strncmp(v, "url(", 4) == 0) {
            const char *end = strrchr(v, ')');
            path = bp_arena_strndup(&doc->arena, v + 4, end ? (size_t)(end - v - 4) : 0);
        }
        path = unquote(&doc->arena, path);
        s->typography_rules = path[0] == '/' || !d->dir ? path
                                                        : bp_arena_printf(&doc->arena, "%s%s", d->dir, path);
    }
}

static int compare_rules(const void *pa, const void *pb)
{
    const bp_css_rule *a = *(const bp_css_rule *const *)pa, *b = *(const bp_css_rule *const *)pb;
    if (a->specificity != b->specificity)
        return a->specificity - b->specificity;
    return a->order - b->order;
}

static size_t name_hash(const char *s)
{
    size_t h = 5381;
    for (; *s; s++)
        h = h * 33 + (unsigned char)*s;
    return h;
}

/* The bucket for element `name` (NULL when absent and create is false). */
static rule_bucket *find_bucket(bp_stylesheet *st, const char *name, bool create)
{
    size_t cap = st->n_buckets - 1, i = name_hash(name) % cap;
    for (size_t probes = 0; probes < cap; probes++, i = (i + 1) % cap) {
        rule_bucket *b = &st->buckets[1 + i];
        if (!b->name) {
            if (!create)
                return NULL;
            b->name = name;
            return b;
        }
        if (strcmp(b->name, name) == 0)
            return b;
    }
    return NULL;
}

static void bucket_add(bp_arena *a, rule_bucket *b, const bp_css_rule *r)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 8;
        const bp_css_rule **items = BP_NEW_ARRAY(a, const bp_css_rule *, cap);
        if (b->n)
            memcpy(items, b->rules, b->n * sizeof(*items));
        b->rules = items;
        b->cap = cap;
    }
    b->rules[b->n++] = r;
    if (r->pseudo)
        b->n_pseudo++;
}

static void index_rules(bp_doc *doc)
{
    bp_stylesheet *st = doc->style;
    const bp_css_sheet *css = &st->css;
    st->n_buckets = 1 + 2 * css->n_rules + 16;
    st->buckets = BP_NEW_ARRAY(&doc->arena, rule_bucket, st->n_buckets);
    for (size_t i = 0; i < css->n_rules; i++) {
        const bp_css_rule *r = &css->rules[i];
        if (r->at || r->n_parts == 0)
            continue;
        const char *el = r->parts[r->n_parts - 1].element;
        rule_bucket *b = !el || strcmp(el, "*") == 0 ? &st->buckets[0]
                                                      : find_bucket(st, el, true);
        bucket_add(&doc->arena, b ? b : &st->buckets[0], r);
    }
}

static const bp_style initial_style = {
    .family = NULL, .font_size = 10, .line_height = -1.2, .align = BP_ALIGN_LEFT, .widows = 2,
    .orphans = 2, .toc_depth = 2, .ibid = true};

/* The cascade is a function of the parent's style and the rules matched,
 * nothing else (no declaration reads the element): elements alike in both
 * share one computed style. A long document then holds a few hundred
 * styles instead of one per element (a 2000-page brief: 65 MB). */
static shared_style *shared_slot(bp_doc *doc, uint64_t hash, const bp_style *parent,
                                 const bp_css_rule *const *matched, size_t n_matched)
{
    bp_stylesheet *st = doc->style;
    if (2 * (st->n_shared + 1) > st->cap_shared) {
        size_t cap = st->cap_shared ? 2 * st->cap_shared : 256;
        shared_style *grown = BP_NEW_ARRAY(&doc->arena, shared_style, cap);
        for (size_t i = 0; i < st->cap_shared; i++) {
            if (!st->shared[i].style)
                continue;
            size_t j = st->shared[i].hash & (cap - 1);
            while (grown[j].style)
                j = (j + 1) & (cap - 1);
            grown[j] = st->shared[i];
        }
        st->shared = grown; /* the old array stays in the arena: geometric */
        st->cap_shared = cap;
    }
    size_t mask = st->cap_shared - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        shared_style *x = &st->shared[i];
        if (!x->style)
            return x;
        if (x->hash == hash && x->parent == parent && x->n_matched == n_matched &&
            memcmp(x->matched, matched, n_matched * sizeof *matched) == 0)
            return x;
    }
}

static const bp_style *compute(bp_doc *doc, const char *name, const bp_node *n,
                               const bp_style *parent, const char *pseudo)
{
    const bp_style *from = parent ? parent : &initial_style;
    const bp_css_rule *matched[128];
    size_t n_matched = 0;
    const rule_bucket *lists[2] = {&doc->style->buckets[0], find_bucket(doc->style, name, false)};
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; lists[l] && i < lists[l]->n && n_matched < 128; i++)
            if (rule_matches(lists[l]->rules[i], name, n, pseudo))
                matched[n_matched++] = lists[l]->rules[i];
    qsort(matched, n_matched, sizeof matched[0], compare_rules);
    uint64_t hash = bp_hash_bytes(BP_HASH_SEED, &from, sizeof from);
    hash = bp_hash_bytes(hash, matched, n_matched * sizeof matched[0]);
    shared_style *slot = shared_slot(doc, hash, from, matched, n_matched);
    if (slot->style)
        return slot->style;

    bp_style *s = BP_NEW(&doc->arena, bp_style);
    /* Inherited properties carry over; the others start from their initial
     * values (zeroed by the allocation). */
    s->family = from->family;
    s->bold = from->bold;
    s->italic = from->italic;
    s->font_size = from->font_size;
    s->line_height = from->line_height;
    s->align = from->align;
    s->text_indent = from->text_indent;
    s->hyphens = from->hyphens;
    s->hyphenate_capitals = from->hyphenate_capitals;
    s->widows = from->widows;
    s->orphans = from->orphans;
    s->xref_style = from->xref_style;
    memcpy(s->color, from->color, sizeof s->color);
    s->letter_spacing = from->letter_spacing;
    s->transform = from->transform;
    s->toc_depth = from->toc_depth;
    s->ibid = from->ibid;
    s->notes_per_chapter = from->notes_per_chapter;
    s->typography_rules = from->typography_rules;

    double parent_size = from->font_size;
    /* font-size first: em lengths in the same rule refer to it. */
    for (size_t i = 0; i < n_matched; i++)
        for (size_t j = 0; j < matched[i]->n_decls; j++)
            if (strcmp(matched[i]->decls[j].property, "font-size") == 0)
                apply(doc, s, &matched[i]->decls[j], parent_size);
    for (size_t i = 0; i < n_matched; i++)
        for (size_t j = 0; j < matched[i]->n_decls; j++)
            if (strcmp(matched[i]->decls[j].property, "font-size") != 0)
                apply(doc, s, &matched[i]->decls[j], parent_size);
    s->font = bp_style_font_index(doc, s->family, s->bold, s->italic);
    const bp_css_rule **kept = BP_NEW_ARRAY(&doc->arena, const bp_css_rule *, n_matched + 1);
    memcpy(kept, matched, n_matched * sizeof *kept);
    *slot = (shared_style){hash, from, kept, n_matched, s};
    doc->style->n_shared++;
    return s;
}

double bp_style_leading(const bp_style *s)
{
    return s->line_height < 0 ? -s->line_height * s->font_size : s->line_height;
}

const bp_style *bp_style_compute(bp_doc *doc, const bp_node *n, const bp_style *parent)
{
    if (n->style_memo && n->style_memo_parent == parent)
        return n->style_memo;
    const bp_style *s = compute(doc, n->name, n, parent, NULL);
    bp_node *memo = (bp_node *)n; /* the memo is the one field style writes */
    memo->style_memo = s;
    memo->style_memo_parent = parent;
    return s;
}

const bp_style *bp_style_pseudo(bp_doc *doc, const bp_node *n, const bp_style *self,
                                const char *pseudo)
{
    /* Most elements have no ::before/::after rule at all: say so cheaply. */
    const rule_bucket *own = find_bucket(doc->style, n->name, false);
    if (doc->style->buckets[0].n_pseudo == 0 && (!own || own->n_pseudo == 0))
        return NULL;
    const bp_style *s = compute(doc, n->name, n, self, pseudo);
    return s->content && s->content->n ? s : NULL;
}

const bp_style *bp_style_named(bp_doc *doc, const char *name, const bp_style *parent)
{
    return compute(doc, name, NULL, parent, NULL);
}

const bp_page_style *bp_style_page(const bp_doc *doc) { return &doc->style->page[PAGE_ANY]; }

const bp_page_style *bp_style_page_for(const bp_doc *doc, bool first, bp_page_side side)
{
    if (first)
        return &doc->style->page[PAGE_FIRST];
    return &doc->style->page[side == BP_PAGE_LEFT ? PAGE_LEFT : PAGE_RIGHT];
}

int bp_style_font_index(const bp_doc *doc, const char *family, bool bold, bool italic)
{
    int same_family = -1;
    for (size_t i = 0; i < doc->n_fonts; i++) {
        const bp_font_face *f = &doc->fonts[i];
        if (family && strcmp(f->family, family) != 0)
            continue;
        if (f->bold == bold && f->italic == italic)
            return (int)i;
        if (same_family < 0 || (f->bold == bold))
            same_family = (int)i;
    }
    return same_family >= 0 ? same_family : 0;
}

/* ---- loading ------------------------------------------------------------------------ */

typedef BP_VEC(bp_font_face) face_vec;

static void load_font_face(bp_doc *doc, const bp_css_rule *r, face_vec *faces)
{
    bp_font_face f = {0};
    for (size_t i = 0; i < r->n_decls; i++) {
        const bp_css_decl *d = &r->decls[i];
        if (strcmp(d->property, "font-family") == 0)
            f.family = unquote(&doc->arena, d->value);
        else if (strcmp(d->property, "font-weight") == 0)
            f.bold = strcmp(d->value, "bold") == 0 || atoi(d->value) >= 600;
        else if (strcmp(d->property, "font-style") == 0)
            f.italic = strcmp(d->value, "italic") == 0;
        else if (strcmp(d->property, "src") == 0) {
            const char *v = d->value;
            if (strncmp(v, "url(", 4) != 0) {
                bad_value(doc, d, "url(\"file.ttf\")");
                continue;
            }
            const char *end = strrchr(v, ')');
            const char *inner = bp_arena_strndup(&doc->arena, v + 4, end ? (size_t)(end - v - 4) : 0);
            inner = unquote(&doc->arena, inner);
            f.path = inner[0] == '/' ? inner : bp_arena_printf(&doc->arena, "%s%s", d->dir, inner);
        }
    }
    if (!f.family || !f.path) {
        bp_diag_emit(doc->diags, BP_WARNING, "css-font-face", r->decls ? r->decls[0].loc : BP_LOC_NONE,
                     "@font-face needs font-family and src");
        return;
    }
    bp_doc_depend(doc, f.path);
    BP_PUSH(*faces, f);
}

/* size and margins of an @page rule (any variant) into pg. */
static void load_page_box(bp_doc *doc, const bp_css_rule *r, bp_page_style *pg)
{
    for (size_t i = 0; i < r->n_decls; i++) {
        const bp_css_decl *d = &r->decls[i];
        bool ok = true;
        if (strcmp(d->property, "size") == 0) {
            if (strcasecmp(d->value, "A4") == 0)
                pg->width = 595.276, pg->height = 841.890;
            else if (strcasecmp(d->value, "letter") == 0)
                pg->width = 612, pg->height = 792;
            else if (strcasecmp(d->value, "A5") == 0)
                pg->width = 419.528, pg->height = 595.276;
            else if (strcasecmp(d->value, "legal") == 0)
                pg->width = 612, pg->height = 1008;
            else {
                char w[32], h[32];
                if (sscanf(d->value, "%31s %31s", w, h) == 2) {
                    pg->width = parse_length(w, 12, &ok);
                    if (ok)
                        pg->height = parse_length(h, 12, &ok);
                } else {
                    ok = false;
                }
                if (!ok || pg->width < 72 || pg->height < 72 || pg->width > 14400 ||
                    pg->height > 14400) {
                    bad_value(doc, d, "A4, A5, letter, legal, or width height (1in to 200in)");
                    pg->width = 595.276, pg->height = 841.890;
                }
            }
        } else if (strncmp(d->property, "margin", 6) == 0) {
            bp_style tmp = {.font_size = 12};
            tmp.margin_top = pg->margin_top, tmp.margin_right = pg->margin_right;
            tmp.margin_bottom = pg->margin_bottom, tmp.margin_left = pg->margin_left;
            apply(doc, &tmp, d, 12);
            pg->margin_top = tmp.margin_top, pg->margin_right = tmp.margin_right;
            pg->margin_bottom = tmp.margin_bottom, pg->margin_left = tmp.margin_left;
        }
    }
}

/* Page variants: size and margins come from plain @page (one page size per
 * document); margin boxes cascade: @page, then the variant's own. */
static void load_pages(bp_doc *doc)
{
    bp_stylesheet *st = doc->style;
    st->page[PAGE_ANY] = (bp_page_style){595.276, 841.890, 72, 72, 72, 72, NULL, 0};
    const bp_css_sheet *css = &st->css;
    for (size_t i = 0; i < css->n_rules; i++)
        if (css->rules[i].at && strcmp(css->rules[i].at, "page") == 0 && !css->rules[i].page_pseudo)
            load_page_box(doc, &css->rules[i], &st->page[PAGE_ANY]);
    static const char *const pseudo[PAGE_VARIANTS] = {NULL, ":first", ":left", ":right"};
    for (int v = 0; v < PAGE_VARIANTS; v++) {
        if (v)
            st->page[v] = st->page[PAGE_ANY];
        BP_VEC(bp_margin_box) boxes = {0};
        for (size_t i = 0; i < css->n_rules; i++) {
            const bp_css_rule *r = &css->rules[i];
            if (!r->at || strcmp(r->at, "page-margin") != 0)
                continue;
            if (r->page_pseudo && (!pseudo[v] || strcmp(r->page_pseudo, pseudo[v]) != 0))
                continue;
            /* A later rule for the same box replaces the declarations it sets. */
            bp_style *s = BP_NEW(&doc->arena, bp_style);
            size_t k = 0;
            while (k < boxes.len && strcmp(boxes.items[k].name, r->margin_box) != 0)
                k++;
            const bp_style *base = k < boxes.len ? boxes.items[k].style
                                                 : bp_style_named(doc, "page-margin", NULL);
            *s = *base;
            for (size_t j = 0; j < r->n_decls; j++)
                apply(doc, s, &r->decls[j], base->font_size);
            s->font = bp_style_font_index(doc, s->family, s->bold, s->italic);
            if (k < boxes.len)
                boxes.items[k].style = s;
            else
                BP_PUSH(boxes, ((bp_margin_box){r->margin_box, s}));
        }
        bp_margin_box *arr = BP_NEW_ARRAY(&doc->arena, bp_margin_box, boxes.len + 1);
        if (boxes.len)
            memcpy(arr, boxes.items, boxes.len * sizeof(bp_margin_box));
        st->page[v].boxes = arr;
        st->page[v].n_boxes = boxes.len;
        BP_VEC_FREE(boxes);
    }
}

/* Every declaration is checked once at load, so a bad value is reported
 * even for rules that match nothing in this document: unknown properties,
 * and values apply() refuses (it reports them; a scratch style absorbs the
 * rest). */
static void check_properties(bp_doc *doc)
{
    const bp_css_sheet *css = &doc->style->css;
    for (size_t i = 0; i < css->n_rules; i++) {
        const bp_css_rule *r = &css->rules[i];
        for (size_t j = 0; j < r->n_decls; j++) {
            const bp_css_decl *d = &r->decls[j];
            bool known = false;
            for (const char *const *k = known_properties; *k && !known; k++)
                known = strcmp(*k, d->property) == 0;
            if (!known) {
                bp_diag_emit(doc->diags, BP_WARNING, "css-unknown-property", d->loc,
                             "unknown property \"%s\" is ignored", d->property);
                continue;
            }
            if (r->at && strcmp(r->at, "font-face") == 0)
                continue; /* src, font-family … are read by load_font_face */
            if (r->at && strcmp(r->at, "page") == 0 && (strcmp(d->property, "size") == 0))
                continue; /* read by load_page_box */
            bp_style scratch = initial_style;
            apply(doc, &scratch, d, scratch.font_size);
        }
    }
}

bp_status bp_style_load(bp_doc *doc)
{
    const char *path = doc->opts && doc->opts->style_path
                           ? doc->opts->style_path
                           : bp_arena_printf(&doc->arena, "%s/styles/brief.css",
                                             doc->opts && doc->opts->data_dir ? doc->opts->data_dir : ".");
    doc->style = BP_NEW(&doc->arena, bp_stylesheet);
    int errors = bp_css_parse_file(&doc->arena, doc->diags, path, &doc->style->css);
    for (const bp_css_source *s = doc->style->css.sources; s; s = s->next)
        bp_doc_depend(doc, s->path);
    if (errors < 0)
        return BP_ERR_ENV;
    check_properties(doc);
    index_rules(doc);

    face_vec faces = {0};
    for (size_t i = 0; i < doc->style->css.n_rules; i++) {
        const bp_css_rule *r = &doc->style->css.rules[i];
        if (r->at && strcmp(r->at, "font-face") == 0)
            load_font_face(doc, r, &faces);
    }
    doc->n_fonts = faces.len;
    doc->fonts = BP_NEW_ARRAY(&doc->arena, bp_font_face, faces.len + 1);
    if (faces.len)
        memcpy(doc->fonts, faces.items, faces.len * sizeof(bp_font_face));
    BP_VEC_FREE(faces);
    if (doc->n_fonts == 0) {
        bp_diag_emit(doc->diags, BP_ERROR, "style-no-fonts", (bp_loc){doc->style->css.path, 1, 1},
                     "the style sheet declares no @font-face");
        return BP_ERR_ENV;
    }
    load_pages(doc);
    const bp_style *settings = bp_style_named(doc, "document", NULL);
    doc->settings.toc_depth = settings->toc_depth;
    doc->settings.ibid = settings->ibid;
    doc->settings.notes_per_chapter = settings->notes_per_chapter;
    doc->settings.typography_rules = settings->typography_rules;
    return errors ? BP_ERR_INPUT : BP_OK;
}

/* ---- dump -------------------------------------------------------------------------- */

static const char *align_name(bp_align a)
{
    static const char *const names[] = {"justify", "left", "center", "right"};
    return names[a];
}

static void dump_node(bp_doc *doc, FILE *out, const bp_node *n, const bp_style *parent, int depth)
{
    if (n->kind == BP_NODE_TEXT || n->kind == BP_NODE_PI)
        return;
    const bp_style *s = bp_style_compute(doc, n, parent);
    const char *role = bp_node_attr(n, "role");
    fprintf(out, "%*s%s%s%s: %s%s%s %.2fpt/%.2fpt %s indent %.2f margin %.2f %.2f %.2f %.2f "
                 "color #%02x%02x%02x%s%s\n",
            depth * 2, "", n->name, role ? "." : "", role ? role : "",
            s->family ? s->family : "-", s->bold ? " bold" : "", s->italic ? " italic" : "",
            s->font_size, bp_style_leading(s), align_name(s->align), s->text_indent,
            s->margin_top, s->margin_right, s->margin_bottom, s->margin_left,
            (unsigned)(s->color[0] * 255 + 0.5), (unsigned)(s->color[1] * 255 + 0.5),
            (unsigned)(s->color[2] * 255 + 0.5), s->hidden ? " hidden" : "",
            s->break_before ? " break-before" : "");
    for (const char *pseudo = "before"; pseudo; pseudo = strcmp(pseudo, "before") == 0 ? "after" : NULL) {
        const bp_style *ps = bp_style_pseudo(doc, n, s, pseudo);
        if (ps)
            fprintf(out, "%*s%s::%s: %zu content part(s)%s\n", depth * 2 + 2, "", n->name, pseudo,
                    ps->content->n, ps->bold ? " bold" : "");
    }
    for (const bp_node *c = n->first_child; c; c = c->next)
        dump_node(doc, out, c, s, depth + 1);
}

void bp_style_dump(bp_doc *doc, FILE *out)
{
    if (doc->root)
        dump_node(doc, out, doc->root, NULL, 0);
}
