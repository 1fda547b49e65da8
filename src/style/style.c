/*
 * style/style.c — the cascade: which declarations apply to an element, and
 * the values they compute to.
 */
#include "style.h"

#include "css.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bp_stylesheet {
    bp_css_sheet css;
    bp_page_style page;
    const char *dir; /* folder of the sheet, for url() */
};

static const char *const known_properties[] = {
    "font-family", "font-size", "font-weight", "font-style", "line-height", "text-align",
    "text-indent", "hyphens", "hyphenate-capitals", "margin", "margin-top", "margin-bottom", "margin-left",
    "margin-right", "break-before", "break-after", "page-break-before", "page-break-after",
    "display", "content", "size", "src", "widows", "orphans", "xref-style", "toc-depth", "citation-ibid", "footnote-numbering", NULL};

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

static bool compound_matches(const bp_css_compound *c, const char *name, const bp_node *n)
{
    if (c->element && strcmp(c->element, "*") != 0 && strcmp(c->element, name) != 0)
        return false;
    if (c->cls && (!n || !has_class(n, c->cls)))
        return false;
    return true;
}

static bool rule_matches(const bp_css_rule *r, const char *name, const bp_node *n)
{
    if (r->at || r->n_parts == 0)
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
        s->before = unquote(&doc->arena, v);
    }
}

static int compare_rules(const void *pa, const void *pb)
{
    const bp_css_rule *a = *(const bp_css_rule *const *)pa, *b = *(const bp_css_rule *const *)pb;
    if (a->specificity != b->specificity)
        return a->specificity - b->specificity;
    return a->order - b->order;
}

static const bp_style *compute(bp_doc *doc, const char *name, const bp_node *n,
                               const bp_style *parent)
{
    static const bp_style initial = {
        .family = NULL, .font_size = 10, .line_height = -1.2, .align = BP_ALIGN_LEFT,
        .widows = 2, .orphans = 2, .toc_depth = 2, .ibid = true};
    bp_style *s = BP_NEW(&doc->arena, bp_style);
    const bp_style *from = parent ? parent : &initial;
    /* Inherited properties carry over; the others start from their initial values. */
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
    s->xref_style = from->xref_style;
    s->toc_depth = from->toc_depth;
    s->ibid = from->ibid;
    s->notes_per_chapter = from->notes_per_chapter;
    s->orphans = from->orphans;

    const bp_css_sheet *css = &doc->style->css;
    const bp_css_rule *matched[64];
    size_t n_matched = 0;
    for (size_t i = 0; i < css->n_rules && n_matched < 64; i++)
        if (rule_matches(&css->rules[i], name, n))
            matched[n_matched++] = &css->rules[i];
    qsort(matched, n_matched, sizeof matched[0], compare_rules);
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
    return s;
}

double bp_style_leading(const bp_style *s)
{
    return s->line_height < 0 ? -s->line_height * s->font_size : s->line_height;
}

const bp_style *bp_style_compute(bp_doc *doc, const bp_node *n, const bp_style *parent)
{
    return compute(doc, n->name, n, parent);
}

const bp_style *bp_style_named(bp_doc *doc, const char *name, const bp_style *parent)
{
    return compute(doc, name, NULL, parent);
}

const bp_page_style *bp_style_page(const bp_doc *doc) { return &doc->style->page; }

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

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (n < 0) {
        fclose(f);
        return NULL;
    }
    char *s = bp_xmalloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = '\0';
    fclose(f);
    return s;
}

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
            f.path = inner[0] == '/' ? inner : bp_arena_printf(&doc->arena, "%s%s", doc->style->dir, inner);
        }
    }
    if (!f.family || !f.path) {
        bp_diag_emit(doc->diags, BP_WARNING, "css-font-face", r->decls ? r->decls[0].loc : BP_LOC_NONE,
                     "@font-face needs font-family and src");
        return;
    }
    BP_PUSH(*faces, f);
}

static void load_page(bp_doc *doc, const bp_css_rule *r)
{
    bp_page_style *pg = &doc->style->page;
    for (size_t i = 0; i < r->n_decls; i++) {
        const bp_css_decl *d = &r->decls[i];
        bool ok = true;
        if (strcmp(d->property, "size") == 0) {
            if (strcmp(d->value, "A4") == 0 || strcmp(d->value, "a4") == 0)
                pg->width = 595.276, pg->height = 841.890;
            else if (strcmp(d->value, "letter") == 0)
                pg->width = 612, pg->height = 792;
            else {
                char w[32], h[32];
                if (sscanf(d->value, "%31s %31s", w, h) == 2) {
                    pg->width = parse_length(w, 12, &ok);
                    if (ok)
                        pg->height = parse_length(h, 12, &ok);
                } else
                    ok = false;
                if (!ok)
                    bad_value(doc, d, "A4, letter, or width height");
            }
        } else if (strncmp(d->property, "margin", 6) == 0) {
            bp_style tmp = {.font_size = 12};
            apply(doc, &tmp, d, 12);
            if (strcmp(d->property, "margin") == 0 || strcmp(d->property, "margin-top") == 0)
                pg->margin_top = tmp.margin_top;
            if (strcmp(d->property, "margin") == 0 || strcmp(d->property, "margin-right") == 0)
                pg->margin_right = tmp.margin_right;
            if (strcmp(d->property, "margin") == 0 || strcmp(d->property, "margin-bottom") == 0)
                pg->margin_bottom = tmp.margin_bottom;
            if (strcmp(d->property, "margin") == 0 || strcmp(d->property, "margin-left") == 0)
                pg->margin_left = tmp.margin_left;
        }
    }
}

static void check_properties(bp_doc *doc)
{
    const bp_css_sheet *css = &doc->style->css;
    for (size_t i = 0; i < css->n_rules; i++)
        for (size_t j = 0; j < css->rules[i].n_decls; j++) {
            const bp_css_decl *d = &css->rules[i].decls[j];
            bool known = false;
            for (const char *const *k = known_properties; *k && !known; k++)
                known = strcmp(*k, d->property) == 0;
            if (!known)
                bp_diag_emit(doc->diags, BP_WARNING, "css-unknown-property", d->loc,
                             "unknown property \"%s\" is ignored", d->property);
        }
}

bp_status bp_style_load(bp_doc *doc)
{
    const char *path = doc->opts && doc->opts->style_path
                           ? doc->opts->style_path
                           : bp_arena_printf(&doc->arena, "%s/styles/brief.css",
                                             doc->opts && doc->opts->data_dir ? doc->opts->data_dir : ".");
    char *text = slurp(path);
    if (!text) {
        bp_diag_emit(doc->diags, BP_ERROR, "style-unreadable", BP_LOC_NONE,
                     "cannot read style sheet %s: %s", path, strerror(errno));
        return BP_ERR_ENV;
    }
    doc->style = BP_NEW(&doc->arena, bp_stylesheet);
    const char *slash = strrchr(path, '/');
    doc->style->dir = slash ? bp_arena_strndup(&doc->arena, path, (size_t)(slash - path + 1)) : "";
    doc->style->page = (bp_page_style){595.276, 841.890, 72, 72, 72, 72};
    const char *name = bp_arena_strdup(&doc->arena, path);
    int errors = bp_css_parse(&doc->arena, doc->diags, name, text, &doc->style->css);
    free(text);
    check_properties(doc);

    face_vec faces = {0};
    for (size_t i = 0; i < doc->style->css.n_rules; i++) {
        const bp_css_rule *r = &doc->style->css.rules[i];
        if (r->at && strcmp(r->at, "font-face") == 0)
            load_font_face(doc, r, &faces);
        else if (r->at && strcmp(r->at, "page") == 0)
            load_page(doc, r);
    }
    doc->n_fonts = faces.len;
    doc->fonts = BP_NEW_ARRAY(&doc->arena, bp_font_face, faces.len + 1);
    if (faces.len)
        memcpy(doc->fonts, faces.items, faces.len * sizeof(bp_font_face));
    BP_VEC_FREE(faces);
    const bp_style *settings = bp_style_named(doc, "document", NULL);
    doc->settings.toc_depth = settings->toc_depth;
    doc->settings.ibid = settings->ibid;
    doc->settings.notes_per_chapter = settings->notes_per_chapter;
    if (doc->n_fonts == 0) {
        bp_diag_emit(doc->diags, BP_ERROR, "style-no-fonts", (bp_loc){name, 1, 1},
                     "the style sheet declares no @font-face");
        return BP_ERR_ENV;
    }
    return errors ? BP_ERR_INPUT : BP_OK;
}
