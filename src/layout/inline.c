/*
 * layout/inline.c — inline content: runs of styled text, and paragraphs
 * set from them into justified lines.
 *
 * A paragraph becomes boxes (word pieces), glue (inter-word spaces) and
 * penalties (breaks after explicit hyphens and dashes); the line breaker
 * picks the breaks; each line becomes one box of the vertical list, with a
 * draw per word piece placed at its exact x (PDF word spacing does not apply
 * to two-byte fonts, so justification is done by position).
 */
#include "layout_internal.h"

#include "base/utf8.h"
#include "linebreak.h"


#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- collecting runs -------------------------------------------------------- */

void add_text_run(lctx *c, run_list *out, const char *text, const bp_style *style,
                  const bp_node *origin)
{
    (void)c;
    BP_PUSH(*out, ((run){.text = text, .style = style, .origin = origin}));
}

static void push_run(run_list *out, run r) { BP_PUSH(*out, r); }

static const char *superscript_digits(lctx *c, const char *label)
{
    static const char *const sup[10] = {"\u2070", "\u00B9", "\u00B2", "\u00B3", "\u2074",
                                        "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
    bp_buf b = {0};
    for (const char *p = label; *p; p++)
        if (*p >= '0' && *p <= '9')
            bp_buf_puts(&b, sup[*p - '0']);
        else
            bp_buf_putc(&b, *p);
    char *s = bp_arena_strdup(c->a, bp_buf_str(&b));
    bp_buf_free(&b);
    return s;
}

/* Does the xref style (DocBook's xrefstyle="select: …", else the style
 * sheet's xref-style) ask for this part? */
static bool xref_wants(const char *style, const char *part)
{
    if (!style)
        return strcmp(part, "label") == 0;
    const char *sel = strstr(style, "select:");
    const char *p = sel ? sel + 7 : style;
    size_t n = strlen(part);
    for (const char *q = strstr(p, part); q; q = strstr(q + 1, part))
        if ((q == p || q[-1] == ' ' || q[-1] == ',') && (q[n] == '\0' || q[n] == ' ' || q[n] == ','))
            return true;
    return false;
}

/* The page number of the id, as the previous pass placed it ("0" on the
 * first): a guess, replaced after pagination (bp_draw.page_of). */
static const char *guessed_page(const lctx *c, const char *id)
{
    const bp_anchor *a = id ? bp_doc_anchor(c->doc, id) : NULL;
    return a && a->page >= 0 && (size_t)a->page < c->doc->n_pages ? c->doc->pages[a->page].label
                                                                  : "0";
}

/* "Section 2.1", "Section 2.1, “Title,” on page 5" … The page number is
 * left out (*page_id says whose page it is): it is a run of its own, bound
 * after pagination. */
static const char *xref_text(lctx *c, const bp_node *n, const bp_style *s, const char **page_id)
{
    const char *style = bp_node_attr(n, "xrefstyle");
    if (!style)
        style = s->xref_style;
    const bp_node *t = n->target;
    if (!t || (!xref_wants(style, "title") && !xref_wants(style, "page")))
        return n->gentext;
    bool label = xref_wants(style, "label") || !xref_wants(style, "title");
    const bp_node *title_node = xref_wants(style, "title") ? bp_node_title(t) : NULL;
    bool page = xref_wants(style, "page") && !xref_wants(style, "nopage") && t->anchor;
    if (page) {
        c->out->uses_page_numbers = true;
        *page_id = t->anchor;
    }
    bp_buf b = {0};
    if (label)
        bp_buf_puts(&b, n->gentext);
    if (title_node) {
        if (label)
            bp_buf_puts(&b, ", ");
        bp_buf_printf(&b, "\u201C%s%s\u201D", bp_node_text(c->a, title_node), page ? "," : "");
    }
    if (page)
        bp_buf_puts(&b, " on page ");
    const char *text = bp_arena_strdup(c->a, bp_buf_str(&b));
    bp_buf_free(&b);
    return text;
}

/* Does an unknown element hold only elements (like MathML's <apply>)?
 * Then its children are separate tokens, set with spaces between, so that
 * <ci>1</ci><ci>6</ci> reads "1 6", not "16". */
static bool element_only(const bp_node *n)
{
    bool any = false;
    for (const bp_node *ch = n->first_child; ch; ch = ch->next) {
        if (ch->kind == BP_NODE_TEXT) {
            for (const char *p = ch->text; *p; p++)
                if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r')
                    return false;
        } else {
            any = true;
        }
    }
    return any;
}

static void collect_children(lctx *c, const bp_node *n, const bp_style *style,
                             const char *link_id, const char *uri, run_list *out)
{
    bool spaced = n->kind == BP_NODE_UNKNOWN && element_only(n);
    for (const bp_node *ch = n->first_child; ch; ch = ch->next) {
        if (spaced && ch != n->first_child && ch->kind != BP_NODE_TEXT)
            add_text_run(c, out, " ", style, n);
        collect_runs(c, ch, style, link_id, uri, out);
    }
}

/* The language in force at n (xml:lang, inherited), else the document's,
 * else English. */
static const char *node_lang(const lctx *c, const bp_node *n)
{
    for (; n; n = n->parent) {
        const char *l = bp_node_attr(n, "xml:lang");
        if (!l)
            l = bp_node_attr(n, "lang");
        if (l)
            return l;
    }
    return c->doc->meta.lang ? c->doc->meta.lang : "en";
}

/* text-transform on ASCII, Latin-1 and basic Cyrillic letters. */
static const char *transform_text(lctx *c, const char *text, bp_transform t, bool *word_start)
{
    if (t == BP_TT_NONE)
        return text;
    bp_buf b = {0};
    size_t n = strlen(text);
    for (size_t i = 0; i < n;) {
        size_t used;
        uint32_t cp = bp_utf8_decode(text + i, n - i, &used);
        i += used;
        bool upper = t == BP_TT_UPPER || (t == BP_TT_CAPITALIZE && *word_start);
        bool lower = t == BP_TT_LOWER;
        if (cp != BP_UTF8_INVALID) {
            bool is_lower = (cp >= 'a' && cp <= 'z') || (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) ||
                            (cp >= 0x430 && cp <= 0x44F);
            bool is_upper = (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
                            (cp >= 0x410 && cp <= 0x42F);
            if (upper && is_lower)
                cp -= cp >= 0x430 ? 0x20 : 0x20;
            else if (lower && is_upper)
                cp += 0x20;
            *word_start = bp_utf8_is_break_space(cp) || cp == '-' || cp == 0x2014;
        }
        char u[4];
        bp_buf_append(&b, u, bp_utf8_encode(cp == BP_UTF8_INVALID ? 0xFFFD : cp, u));
    }
    const char *out = bp_arena_strdup(c->a, bp_buf_str(&b));
    bp_buf_free(&b);
    return out;
}

static void collect_element(lctx *c, const bp_node *n, const bp_style *s, const char *link_id,
                            const char *uri, run_list *out);

/* A style like s in another face (a fallback font for some characters). */
static const bp_style *with_font(lctx *c, const bp_style *s, int font)
{
    bp_style *copy = BP_NEW(c->a, bp_style);
    *copy = *s;
    copy->font = font;
    return copy;
}

static bool is_rtl(uint32_t cp)
{
    return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
           (cp >= 0xFE70 && cp <= 0xFEFF) || (cp >= 0x10800 && cp <= 0x10FFF) ||
           (cp >= 0x1E800 && cp <= 0x1EFFF);
}

/* The face to draw cp with: the run's own, else the first declared face
 * that has it; -1 when none does (or the PDF cannot carry it: libharu's
 * fonts address the Basic Multilingual Plane only). */
static int face_for(lctx *c, int font, uint32_t cp)
{
    if (cp > 0xFFFF)
        return -1;
    if (bp_font_has(c->fonts, font, cp))
        return font;
    for (size_t i = 0; i < c->doc->n_fonts; i++)
        if (bp_font_has(c->fonts, (int)i, cp))
            return (int)i;
    return -1;
}

/* Reports a character nothing can draw, once per character and document. */
static void report_missing(lctx *c, const bp_node *n, size_t offset, uint32_t cp)
{
    if ((is_rtl(cp) && c->rtl_reported) || bp_fonts_failed(c->fonts))
        return; /* an unreadable font was reported: its characters all go missing */
    /* The first such character is reported where it stands; the others
     * only counted (layout_document adds up), so a page of an unsupported
     * script gives one message, not hundreds. */
    size_t kept = c->n_missing < BP_MISSING_KEPT ? c->n_missing : BP_MISSING_KEPT;
    for (size_t i = 0; i < kept; i++)
        if (c->missing[i] == cp)
            return;
    if (c->n_missing > BP_MISSING_KEPT && !is_rtl(cp))
        return; /* more than can be told apart: the summary says "at least" */
    if (c->n_missing < BP_MISSING_KEPT)
        c->missing[c->n_missing] = cp;
    if (c->n_missing++ > 0 && !is_rtl(cp))
        return;
    bp_loc loc = bp_node_text_loc(n, offset);
    if (is_rtl(cp)) {
        if (!c->rtl_reported)
            bp_diag_emit(c->doc->diags, BP_ERROR, "rtl-unsupported", loc,
                         "right-to-left text (U+%04X) cannot be set yet: briefpress sets "
                         "left-to-right scripts only",
                         cp);
        c->rtl_reported = true;
    } else
        bp_diag_emit(c->doc->diags, BP_WARNING, "glyph-missing", loc,
                     "no shipped font has U+%04X%s; it is drawn as \u25A1", cp,
                     cp > 0xFFFF ? " (outside the Basic Multilingual Plane)" : "");
}

/* Splits a text node's text into runs by the face that can draw each
 * character; what no face has becomes a visible placeholder. */
/* Can the run's own face set all of text (spaces and controls aside)? */
static bool one_face_sets(lctx *c, const char *text, size_t len, int font)
{
    for (size_t i = 0; i < len;) {
        size_t used;
        uint32_t cp = bp_utf8_decode(text + i, len - i, &used);
        i += used;
        if (cp == BP_UTF8_INVALID || cp > 0xFFFF)
            return false;
        if (!(cp < 0x20 || bp_utf8_is_break_space(cp)) && !bp_font_has(c->fonts, font, cp))
            return false;
    }
    return true;
}

static void push_text(lctx *c, const bp_node *n, const char *text, const bp_style *style,
                      run base, run_list *out)
{
    size_t len = strlen(text);
    if (one_face_sets(c, text, len, style->font)) {
        /* The usual case: one run, the text as it stands (it outlives the
         * pass: node text, or this pass's arena). */
        if (len) {
            base.text = text;
            base.style = style;
            push_run(out, base);
        }
        return;
    }
    int cur = style->font;
    bp_buf piece = {0};
    for (size_t i = 0; i <= len;) {
        size_t used = 1;
        uint32_t cp = i < len ? bp_utf8_decode(text + i, len - i, &used) : 0;
        /* Spaces and controls become glue, not glyphs: any face will do. */
        bool blank = i < len && (cp < 0x20 || bp_utf8_is_break_space(cp));
        int face = i == len ? -2 : blank ? cur : face_for(c, style->font, cp);
        if (i < len && face == -1) {
            report_missing(c, n, i, cp == BP_UTF8_INVALID ? 0xFFFD : cp);
            cp = 0x25A1; /* WHITE SQUARE, in the text face */
            face = face_for(c, style->font, cp);
            if (face < 0)
                cp = '?', face = style->font;
        }
        if (face != cur || i == len) {
            if (piece.len) {
                run r = base;
                r.text = bp_arena_strdup(c->a, bp_buf_str(&piece));
                r.style = cur == style->font ? style : with_font(c, style, cur);
                push_run(out, r);
                bp_buf_clear(&piece);
            }
            cur = face;
        }
        if (i < len) {
            char u[4];
            bp_buf_append(&piece, u, bp_utf8_encode(cp, u));
        }
        i += used;
    }
    bp_buf_free(&piece);
}

void collect_runs(lctx *c, const bp_node *n, const bp_style *style, const char *link_id,
                  const char *uri, run_list *out)
{
    if (n->kind == BP_NODE_TEXT) {
        bool word_start = true;
        const char *text = transform_text(c, n->text, style->transform, &word_start);
        push_text(c, n, text, style,
                  (run){.style = style, .link_id = link_id, .uri = uri, .origin = n,
                        .lang = node_lang(c, n->parent)},
                  out);
        return;
    }
    if (bp_node_is(n, BP_K_META) && n->kind != BP_NODE_UNKNOWN)
        return; /* indexterm, remark, info… are not running text */
    const bp_style *s = bp_style_compute(c->doc, n, style);
    if (s->hidden)
        return;
    counters_enter(c, n, s);
    collect_element(c, n, s, link_id, uri, out);
    counters_leave(c, n);
}

static void collect_element(lctx *c, const bp_node *n, const bp_style *s, const char *link_id,
                            const char *uri, run_list *out)
{
    if (n->anchor && n->kind != BP_NODE_FOOTNOTE)
        push_run(out, (run){.text = "", .style = s, .origin = n, .anchor = n->anchor});
    switch (n->kind) {
    case BP_NODE_FOOTNOTE:
    case BP_NODE_FOOTNOTEREF: {
        if (c->in_toc)
            return; /* a note called in a title belongs to the heading, not the TOC */
        const char *label = n->label ? n->label : "?";
        int note = n->kind == BP_NODE_FOOTNOTE ? n->ordinal : 0;
        const char *target = n->kind == BP_NODE_FOOTNOTE ? n->anchor
                                                         : (n->target ? n->target->anchor : NULL);
        push_run(out, (run){.text = superscript_digits(c, label), .style = s, .origin = n,
                            .note = note, .link_id = target, .nobreak_before = true});
        return;
    }
    case BP_NODE_XREF:
        if (n->gentext) {
            const char *page_id = NULL, *link = n->target ? n->target->anchor : NULL;
            push_run(out, (run){.text = xref_text(c, n, s, &page_id), .style = s,
                                .link_id = link, .origin = n});
            if (page_id)
                push_run(out, (run){.text = guessed_page(c, page_id), .style = s,
                                    .link_id = link, .origin = n, .page_of = page_id});
        }
        return;
    case BP_NODE_LINK:
    case BP_NODE_ULINK: {
        const char *href = bp_node_attr(n, n->kind == BP_NODE_ULINK ? "url" : "xlink:href");
        const char *id = n->target ? n->target->anchor : link_id;
        if (!n->first_child && href)
            push_run(out, (run){.text = href, .style = s, .uri = href, .origin = n});
        else
            collect_children(c, n, s, href ? NULL : id, href ? href : uri, out);
        return;
    }
    case BP_NODE_BIBLIOREF:
    case BP_NODE_CITATION:
        collect_children(c, n, s, n->target ? n->target->anchor : link_id, uri, out);
        return;
    case BP_NODE_QUOTE: {
        bool inner = c->quote_depth % 2 == 1;
        c->quote_depth++;
        push_run(out, (run){.text = inner ? "\u2018" : "\u201C", .style = s, .origin = n});
        collect_children(c, n, s, link_id, uri, out);
        push_run(out, (run){.text = inner ? "\u2019" : "\u201D", .style = s, .origin = n});
        c->quote_depth--;
        return;
    }
    default:
        pseudo_runs(c, n, s, "before", out);
        collect_children(c, n, s, link_id, uri, out);
        pseudo_runs(c, n, s, "after", out);
        return;
    }
}

/* ---- items -------------------------------------------------------------------- */

typedef struct piece {
    const char *text;  /* one word piece (a fragment between hyphen points), in its
                          run's text: not NUL-terminated there */
    const run *from;
    size_t len;
} piece;

typedef struct para_items {
    BP_VEC(bp_item) items;
    BP_VEC(piece) pieces; /* parallel to items: the text of each box */
} para_items;

static void push_item(para_items *p, bp_item it, piece pc)
{
    BP_PUSH(p->items, it);
    BP_PUSH(p->pieces, pc);
}

static bool last_is_glue(const para_items *p)
{
    return p->items.len > 0 && p->items.items[p->items.len - 1].kind == BP_ITEM_GLUE;
}

/* Width as drawn: shaped, plus letter-spacing after every character. */
static double shaped_width(lctx *c, const run *r, const char *s, size_t len)
{
    const bp_shaped *sh = bp_font_shape(c->fonts, r->style->font, s, len);
    return bp_shaped_width(sh, r->style->font_size) + sh->n_chars * r->style->letter_spacing;
}

/* The stretch s[0..len) up to its next free break, shaped once, when its
 * prefixes measure the same as shaping them alone: no ligature character
 * stands for letters on both sides of a break. NULL otherwise (the caller
 * shapes each prefix). free_break is indexed from s. */
static const bp_shaped *stretch_shape(lctx *c, const run *r, const char *s, size_t len,
                                      const bool *free_break)
{
    size_t end = 1;
    while (end < len && !free_break[end])
        end++;
    const bp_shaped *sh = bp_font_shape(c->fonts, r->style->font, s, end);
    if (strlen(sh->text) == end && memcmp(sh->text, s, end) == 0)
        return sh;
    return NULL;
}

static double prefix_width(lctx *c, const run *r, const bp_shaped *sh, size_t bytes)
{
    size_t n_chars;
    long w = bp_shaped_prefix(c->fonts, r->style->font, sh, bytes, &n_chars);
    return (double)w * r->style->font_size / 1000.0 + (double)n_chars * r->style->letter_spacing;
}

static void add_glue(lctx *c, para_items *p, const run *r)
{
    if (p->items.len == 0 || last_is_glue(p))
        return; /* spaces collapse, and none at the start */
    double w = bp_font_width(c->fonts, r->style->font, " ", 1, r->style->font_size);
    /* TeX-like interword glue: stretch 1/2, shrink 1/3 of the space. */
    push_item(p, (bp_item){BP_ITEM_GLUE, w, w / 2, w / 3, 0, false}, (piece){.from = r});
}

/* Glyph expansion, as pdfTeX's font expansion: a justified line may scale
 * its glyphs horizontally by up to 2.5% (not visible at text sizes; pdfTeX uses 2–3%), so that
 * the words absorb part of the slack and the spaces vary less. */
#define EXPANSION 0.025

static void add_fragment(para_items *p, const run *r, const char *s, size_t len, double w)
{
    push_item(p, (bp_item){BP_ITEM_BOX, w, w * EXPANSION, w * EXPANSION, 0, false},
              (piece){s, r, len});
}

/* TeX's \hyphenpenalty; an explicit hyphen or dash uses \exhyphenpenalty. */
enum { HYPHEN_PENALTY = 50, EXPLICIT_HYPHEN_PENALTY = 50 };

static void add_break(lctx *c, para_items *p, const run *r, bool add_hyphen)
{
    double w = add_hyphen ? bp_font_width(c->fonts, r->style->font, "-", 1, r->style->font_size) : 0;
    push_item(p, (bp_item){BP_ITEM_PENALTY, w, 0, 0,
                           add_hyphen ? HYPHEN_PENALTY : EXPLICIT_HYPHEN_PENALTY, true},
              (piece){add_hyphen ? "-" : NULL, r, add_hyphen ? 1 : 0});
}

static bool is_letter_byte(unsigned char b) { return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'); }

/* The part of a word that may be hyphenated: its run of ASCII letters after
 * any opening punctuation, when the word is not capitalised and holds no
 * digits or URL-like characters. Returns false when it must stay whole. */
static bool hyphenatable_core(const char *w, size_t len, bool capitals, size_t *start,
                              size_t *end)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)w[i];
        if ((b >= '0' && b <= '9') || b == '@' || b == '/' || b == ':' || b == '_' || b == '=')
            return false;
    }
    size_t i = 0;
    while (i < len && !is_letter_byte((unsigned char)w[i]) && ((unsigned char)w[i] < 0x80))
        i++;
    if (i >= len || !is_letter_byte((unsigned char)w[i]))
        return false;
    bool capitalised = w[i] >= 'A' && w[i] <= 'Z';
    if (capitalised && !capitals)
        return false; /* names stay whole unless the style allows it */
    size_t j = i + 1;
    while (j < len && w[j] >= 'a' && w[j] <= 'z')
        j++;
    if (j < len && is_letter_byte((unsigned char)w[j]))
        return false; /* inner capitals: an acronym or a code, never hyphenated */
    *start = i;
    *end = j;
    return j - i >= 5;
}

/* An unbreakable stretch this long is no word of any language; set whole it
 * would also exceed what a PDF string may hold. Refused rather than cut, so
 * that nothing is silently changed. */
#define BP_MAX_UNBREAKABLE_BYTES 10000

static void report_unbreakable(lctx *c, const run *r, size_t len)
{
    if (c->long_word_reported)
        return;
    c->long_word_reported = true;
    bp_loc loc = r->origin ? r->origin->loc : BP_LOC_NONE;
    bp_diag_emit(c->doc->diags, BP_ERROR, "word-too-long", loc,
                 "a word of %zu bytes has no place to break a line (the limit is %d); "
                 "insert spaces or split it",
                 len, BP_MAX_UNBREAKABLE_BYTES);
}

/* Adds one word (no spaces) of a run as boxes, with breaks at its hyphenation
 * points and after explicit hyphens and dashes. Each fragment's width is the
 * difference of the shaped widths of the prefixes around it, so fragments of
 * an unbroken word add up exactly to the word as it will be drawn. */
static void add_word(lctx *c, para_items *p, const run *r, const char *w, size_t len,
                     bool may_hyphenate)
{
    /* Most words fit the stack; a CJK paragraph (one "word") does not. */
    bool small[3][128];
    bool *heap = len + 1 > 128 ? bp_xcalloc(3 * (len + 1), sizeof(bool)) : NULL;
    if (!heap)
        memset(small, 0, sizeof small);
    bool *cut = heap ? heap : small[0];                        /* cut[i]: a break before byte i */
    bool *soft = heap ? heap + (len + 1) : small[1];           /* the break needs an added hyphen */
    bool *free_break = heap ? heap + 2 * (len + 1) : small[2]; /* a break that costs nothing */
    for (size_t i = 0; i < len;) {
        size_t used;
        uint32_t cp = bp_utf8_decode(w + i, len - i, &used);
        i += used;
        bool dash = cp == '-' || cp == 0x2013 || cp == 0x2014;
        if (dash && i < len && i - used > 0)
            cut[i] = true;
        /* Chinese and Japanese are written without spaces: a line may break
         * after any ideograph or kana (a simplification of UAX #14). */
        bool cjk = (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
                   (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x3000 && cp <= 0x303F);
        if (cjk && i < len)
            cut[i] = free_break[i] = true;
    }
    size_t cs, ce;
    if (may_hyphenate && r->lang &&
        hyphenatable_core(w, len, r->style->hyphenate_capitals, &cs, &ce)) {
        bool points[256]; /* bp_hyphenate takes words up to 200 bytes */
        if (ce - cs < sizeof points &&
            bp_hyphenate(c->hyphenator, r->lang, w + cs, ce - cs, 2, 3, points))
            for (size_t i = 1; i < ce - cs; i++)
                if (points[i])
                    cut[cs + i] = soft[cs + i] = true;
    }
    /* Widths are measured from the last free break, not from the word's
     * start: a CJK paragraph is one "word", and shaping every prefix of it
     * would be quadratic. Nothing kerns or ligates across those breaks.
     * Each stretch is shaped once; its prefixes' widths come from that. */
    size_t from = 0, base = 0;
    double prev_w = 0;
    const bp_shaped *whole = NULL;
    for (size_t i = 1; i <= len; i++) {
        if (i < len && !cut[i])
            continue;
        if (i - from > BP_MAX_UNBREAKABLE_BYTES)
            report_unbreakable(c, r, i - from);
        if (!whole)
            whole = stretch_shape(c, r, w + base, len - base, free_break + base);
        double wi = whole ? prefix_width(c, r, whole, i - base)
                          : shaped_width(c, r, w + base, i - base);
        add_fragment(p, r, w + from, i - from, wi - prev_w);
        prev_w = wi;
        from = i;
        if (i < len && free_break[i]) {
            push_item(p, (bp_item){BP_ITEM_PENALTY, 0, 0, 0, 0, false}, (piece){.from = r});
            base = i;
            prev_w = 0;
            whole = NULL;
        } else if (i < len)
            add_break(c, p, r, soft[i]);
    }
    free(heap);
}

/* Splits a run's text into words and spaces. */
static void run_to_items(lctx *c, para_items *p, const run *r, bool last_run)
{
    if (r->anchor && !*r->text) {
        push_item(p, (bp_item){BP_ITEM_BOX, 0, 0, 0, 0, false}, (piece){"", r, 0});
        return;
    }
    const char *s = r->text;
    size_t n = strlen(s), start = 0, i = 0;
    while (i <= n) {
        size_t used = 1;
        uint32_t cp = i < n ? bp_utf8_decode(s + i, n - i, &used) : ' ';
        if (i == n || bp_utf8_is_break_space(cp)) {
            if (i > start) {
                /* The last word of a paragraph is never hyphenated. */
                bool last_word = last_run && i == n;
                add_word(c, p, r, s + start, i - start, r->style->hyphens && !last_word);
            }
            if (i < n) {
                /* A spaced dash never starts a line: the space before it
                 * is not a break ("competition — not", not "— not"). */
                size_t next_used;
                uint32_t next = i + used < n ? bp_utf8_decode(s + i + used, n - i - used, &next_used) : 0;
                if ((next == 0x2014 || next == 0x2013) && !last_is_glue(p) && p->items.len)
                    push_item(p, (bp_item){BP_ITEM_PENALTY, 0, 0, 0, BP_PENALTY_INF, false},
                              (piece){.from = r});
                add_glue(c, p, r);
            }
            i += used;
            start = i;
            continue;
        }
        i += used;
    }
}

/* A break between two note calls is allowed but costly: ¹²³ reads as one mark. */
enum { NOTE_CALLS_PENALTY = 500 };

static void build_items(lctx *c, const run_list *runs, para_items *p)
{
    size_t last_text = runs->len;
    for (size_t i = runs->len; i-- > 0;)
        if (*runs->items[i].text && !runs->items[i].note) {
            last_text = i;
            break;
        }
    for (size_t i = 0; i < runs->len; i++) {
        /* Note calls stay on their word, but a run of many may break
         * between calls rather than overflow the line. */
        if (i > 0 && runs->items[i].note && runs->items[i - 1].note)
            push_item(p, (bp_item){BP_ITEM_PENALTY, 0, 0, 0, NOTE_CALLS_PENALTY, false},
                      (piece){.from = &runs->items[i]});
        run_to_items(c, p, &runs->items[i], i == last_text);
    }
    while (last_is_glue(p)) {
        p->items.len--;
        p->pieces.len--;
    }
    /* Finishing glue and the forced final break. */
    push_item(p, (bp_item){BP_ITEM_GLUE, 0, BP_STRETCH_FIL, 0, 0, false}, (piece){.from = NULL});
    push_item(p, (bp_item){BP_ITEM_PENALTY, 0, 0, 0, -BP_PENALTY_INF, false}, (piece){.from = NULL});
}

/* Greedy breaking at natural widths, for ragged and centred text. */
static bp_break_result break_greedy(const bp_item *items, size_t n, const double *widths,
                                    size_t n_widths)
{
    bp_break_result res = {0};
    BP_VEC(bp_line_break) lines = {0};
    double x = 0, x_at_break = 0;
    size_t last_break = (size_t)-1, line = 0;
    for (size_t i = 0; i < n; i++) {
        const bp_item *it = &items[i];
        double W = widths[line < n_widths ? line : n_widths - 1];
        bool legal = (it->kind == BP_ITEM_GLUE && i > 0 && items[i - 1].kind == BP_ITEM_BOX) ||
                     (it->kind == BP_ITEM_PENALTY && it->penalty < BP_PENALTY_INF);
        if (it->kind == BP_ITEM_PENALTY && it->penalty <= -BP_PENALTY_INF) {
            BP_PUSH(lines, ((bp_line_break){i, 0, x > W + 0.01}));
            break;
        }
        /* A break here ends the line with the penalty's width (a hyphen). */
        double end_x = x + (it->kind == BP_ITEM_PENALTY ? it->width : 0);
        if (legal) {
            if (end_x > W && last_break != (size_t)-1) {
                BP_PUSH(lines, ((bp_line_break){last_break, 0, x_at_break > W + 0.01}));
                line++;
                x -= x_at_break;
                if (items[last_break].kind == BP_ITEM_GLUE)
                    x -= items[last_break].width;
                last_break = (size_t)-1;
            }
            last_break = i;
            x_at_break = x;
        }
        if (it->kind != BP_ITEM_PENALTY && it->stretch < BP_STRETCH_FIL)
            x += it->width;
    }
    res.n_lines = lines.len;
    res.lines = lines.items;
    return res;
}

/* ---- lines -------------------------------------------------------------------- */

/* The words of one run on a line are one draw: one piece of text per line
 * and style rather than per word, so pages and content streams stay small
 * (ISO 32000-1 §9.4.3: TJ positions each glyph). Each word is shaped as a
 * whole (ligatures and kerning across its hyphenation fragments), and the
 * space before it is a real space character whose TJ adjustment puts the
 * word exactly where line breaking placed it: text extraction and screen
 * readers see the spaces, and the adjustments never drift, as each one
 * aims at the word's absolute position. */
typedef struct group {
    const run *r;
    double x;               /* where the draw starts */
    double pen;             /* where the pen is after the text so far */
    double scale;           /* glyph expansion of the line */
    bp_buf text;            /* shaped text so far */
    BP_VEC(int16_t) kern;   /* per character of text, 1/1000 em after it */
    bool kerned;            /* some kern is not zero */
    bp_buf word;            /* the word being collected, fragment by fragment */
    double word_x;          /* where that word starts */
    bool space_after;       /* a word space (or the line's end) follows the text */
    bool hyphen_end;        /* the text ends in a hyphen added at the line's end */
} group;

static void push_kerns(group *g, const int16_t *kern, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int16_t k = kern ? kern[i] : 0;
        g->kerned |= k != 0;
        BP_PUSH(g->kern, k);
    }
}

/* The draw collected so far (g keeps its run): text, link area. */
static void emit_draw(lctx *c, bp_vbox *box, group *g, double baseline, long *link)
{
    if (g->text.len == 0)
        return;
    const run *r = g->r;
    /* The space after the last word, where the run or the line ends, is a
     * real character too (it takes no room: the next draw is placed on
     * its own): text read from the page or its structure keeps its word
     * breaks. */
    if (g->space_after && bp_font_has(c->fonts, r->style->font, ' ')) {
        bp_buf_putc(&g->text, ' ');
        int16_t none = 0;
        push_kerns(g, &none, 1);
    }
    int16_t *kern = NULL;
    if (g->kerned) {
        kern = bp_arena_alloc(c->a, g->kern.len * sizeof(int16_t));
        memcpy(kern, g->kern.items, g->kern.len * sizeof(int16_t));
    }
    double w = g->pen - g->x;
    box_add_draw(c, box, (bp_draw){.kind = BP_DRAW_TEXT, .x = g->x, .y = baseline, .w = w,
                                   .font = r->style->font, .size = r->style->font_size,
                                   .hscale = g->scale, .char_space = r->style->letter_spacing,
                                   .rgb = {r->style->color[0], r->style->color[1],
                                           r->style->color[2]},
                                   .text = bp_arena_strndup(c->a, g->text.data, g->text.len),
                                   .kern = kern, .origin = r->origin, .page_of = r->page_of,
                                   .role = c->in_toc ? BP_ROLE_TOC : BP_ROLE_CONTENT,
                                   .hyphen_end = g->hyphen_end});
    if (r->link_id || r->uri) {
        /* One link area per stretch of words with the same target. */
        bp_draw *prev = *link >= 0 ? &box->draws[*link] : NULL;
        if (prev && prev->text == r->link_id && prev->uri == r->uri) {
            prev->w = g->x + w - prev->x;
        } else {
            double asc = r->style->font_size * 0.8;
            box_add_draw(c, box, (bp_draw){.kind = BP_DRAW_LINK, .x = g->x, .y = baseline - asc,
                                           .w = w, .h = r->style->font_size, .text = r->link_id,
                                           .uri = r->uri, .origin = r->origin,
                                           .role = c->in_toc ? BP_ROLE_TOC : BP_ROLE_CONTENT});
            *link = (long)box->n_draws - 1;
        }
    } else {
        *link = -1;
    }
    bp_buf_clear(&g->text);
    g->kern.len = 0;
    g->kerned = false;
    g->space_after = g->hyphen_end = false;
}

/* Appends the collected word to the draw's text, after a space that ends
 * exactly at the word's position. A face without a space glyph cannot
 * carry the space: the draw so far goes out and the word starts another. */
static void close_word(lctx *c, bp_vbox *box, group *g, double baseline, long *link)
{
    if (g->word.len == 0)
        return;
    const bp_style *st = g->r->style;
    double size = st->font_size, ls = st->letter_spacing, h = g->scale;
    if (g->text.len > 0 && !bp_font_has(c->fonts, st->font, ' '))
        emit_draw(c, box, g, baseline, link);
    if (g->text.len > 0) {
        int space = bp_font_char_width(c->fonts, st->font, ' ');
        /* advance = ((space + k) / 1000 * size + ls) * h, to reach word_x */
        double k = ((g->word_x - g->pen) / h - ls) * 1000 / size - space;
        long rounded = lround(k);
        rounded = rounded > INT16_MAX ? INT16_MAX : rounded < INT16_MIN ? INT16_MIN : rounded;
        bp_buf_putc(&g->text, ' ');
        int16_t kern = (int16_t)rounded;
        push_kerns(g, &kern, 1);
        g->pen += ((double)(space + rounded) / 1000 * size + ls) * h;
    } else {
        g->x = g->pen = g->word_x;
    }
    const bp_shaped *sh = bp_font_shape(c->fonts, st->font, g->word.data, g->word.len);
    bp_buf_puts(&g->text, sh->text);
    push_kerns(g, sh->kern, sh->n_chars);
    g->space_after = false;
    g->pen += (bp_shaped_width(sh, size) + (double)sh->n_chars * ls) * h;
    bp_buf_clear(&g->word);
}

static void flush_group(lctx *c, bp_vbox *box, group *g, double baseline, long *link)
{
    if (g->r) {
        close_word(c, box, g, baseline, link);
        emit_draw(c, box, g, baseline, link);
    }
    g->r = NULL;
}

static void emit_line(lctx *c, const para_items *p, size_t from, size_t to, double ratio,
                      double x0, double line_w, const bp_style *base, bool justify,
                      bool last, const para_shape *shape, bool first)
{
    double leading = bp_style_leading(base);
    bp_vbox *box = push_box(c, leading, first ? shape->space_before : 0, NULL);
    double baseline = baseline_offset(c, base);
    const bp_item *end = &p->items.items[to];
    bool hyphenated = end->kind == BP_ITEM_PENALTY && end->flagged && p->pieces.items[to].text;
    /* Natural width, for ragged alignment. */
    double natural = hyphenated ? end->width : 0;
    for (size_t i = from; i < to; i++)
        if (p->items.items[i].kind != BP_ITEM_PENALTY && p->items.items[i].stretch < BP_STRETCH_FIL)
            natural += p->items.items[i].width;
    double x = x0;
    if (!justify || last) {
        if (base->align == BP_ALIGN_CENTER)
            x += (line_w - natural) / 2;
        else if (base->align == BP_ALIGN_RIGHT)
            x += line_w - natural;
    }
    /* Justified: the glyphs take their share of the adjustment (at most
     * EXPANSION, in steps of 0.1% so the PDF holds few distinct scalings),
     * the spaces the rest. */
    double scale = 1, glue_ratio = 0;
    /* A last line is set at its natural width, unless it had to shrink. */
    bool adjust = justify && (!last || ratio < 0);
    if (adjust) {
        double boxes = hyphenated ? end->width : 0, glue = 0, stretch = 0, shrink = 0;
        for (size_t i = from; i < to; i++) {
            const bp_item *it = &p->items.items[i];
            if (it->kind == BP_ITEM_BOX)
                boxes += it->width;
            else if (it->kind == BP_ITEM_GLUE && it->stretch < BP_STRETCH_FIL)
                glue += it->width, stretch += it->stretch, shrink += it->shrink;
        }
        double e = ratio * EXPANSION;
        e = e > EXPANSION ? EXPANSION : e < -EXPANSION ? -EXPANSION : e;
        scale = 1 + round(e * 1000) / 1000;
        double slack = line_w - boxes * scale - glue;
        if (slack > 0 && stretch > 0)
            glue_ratio = slack / stretch;
        else if (slack < 0 && shrink > 0)
            glue_ratio = slack / shrink;
        else if (stretch == 0 && shrink == 0)
            scale = 1; /* one word alone on its line: leave it as it is */
    }
    long link = -1; /* index of the link area being extended along the line */
    group g = {0};
    for (size_t i = from; i < to; i++) {
        const bp_item *it = &p->items.items[i];
        const piece *pc = &p->pieces.items[i];
        if (it->kind == BP_ITEM_GLUE) {
            if (g.r) {
                close_word(c, box, &g, baseline, &link);
                g.space_after = true;
            }
            double w = it->width;
            if (adjust && it->stretch < BP_STRETCH_FIL)
                w += glue_ratio > 0 ? glue_ratio * it->stretch : glue_ratio * it->shrink;
            x += w;
            continue;
        }
        if (it->kind != BP_ITEM_BOX)
            continue; /* a break not taken: the word goes on */
        const run *r = pc->from;
        if (r->anchor)
            box_add_anchor(c, box, r->anchor);
        if (r->note)
            box_add_note(c, box, r->note);
        if (pc->text && pc->len) {
            if (g.r != r)
                flush_group(c, box, &g, baseline, &link);
            if (!g.r) {
                g.r = r;
                g.scale = scale;
            }
            if (g.word.len == 0)
                g.word_x = x;
            bp_buf_append(&g.word, pc->text, pc->len);
        }
        x += it->width * scale;
    }
    if (hyphenated && g.r) {
        bp_buf_puts(&g.word, "-");
        g.hyphen_end = true;
    }
    if (g.r) {
        close_word(c, box, &g, baseline, &link);
        /* The line ends between two words (at a space), not inside one
         * (at a hyphen, added or the word's own). */
        g.space_after = !last && end->kind == BP_ITEM_GLUE;
    }
    flush_group(c, box, &g, baseline, &link);
    bp_buf_free(&g.text);
    bp_buf_free(&g.word);
    BP_VEC_FREE(g.kern);
    if (c->trace) {
        fprintf(c->trace, "  line ratio %.3f, glyph scale %.3f, space ratio %.3f%s\n", ratio,
                scale, glue_ratio, hyphenated ? ", hyphen" : "");
    }
}

static size_t set_lines(lctx *c, const run_list *runs, const bp_style *base,
                        const para_shape *shape);

static bool prints_page_number(const run_list *runs)
{
    for (size_t i = 0; i < runs->len; i++)
        if (runs->items[i].page_of)
            return true;
    return false;
}

size_t layout_paragraph(lctx *c, const run_list *runs, const bp_style *base,
                        const para_shape *shape)
{
    /* The --dump=lines trace wants every paragraph set in every pass. */
    if (!c->memo || c->trace)
        return set_lines(c, runs, base, shape);
    size_t slot = c->memo_next++, n_lines;
    uint64_t key = memo_key(runs, base, shape);
    long list = memo_list_of(c->out, c->target);
    if (memo_take(c->memo, slot, key, list, c->target, &n_lines))
        return n_lines;
    size_t first_box = c->target->len;
    n_lines = set_lines(c, runs, base, shape);
    memo_store(c->memo, slot, key, !prints_page_number(runs), list, c->target, first_box,
               n_lines);
    return n_lines;
}

void free_kept_items(lctx *c)
{
    para_items *kept = c->items;
    if (kept) {
        BP_VEC_FREE(kept->items);
        BP_VEC_FREE(kept->pieces);
        free(kept);
    }
    c->items = NULL;
}

/* Gives the arrays back to the context (kept) or frees them. */
static void release_items(lctx *c, para_items *kept, para_items *p)
{
    if (kept) {
        *kept = *p;
        c->items_in_use = false;
    } else {
        BP_VEC_FREE(p->items);
        BP_VEC_FREE(p->pieces);
    }
}

/* Breaks the runs into lines and appends them to c->target. */
static size_t set_lines(lctx *c, const run_list *runs, const bp_style *base,
                        const para_shape *shape)
{
    /* The item arrays are kept from paragraph to paragraph (a long
     * document sets a hundred thousand); a nested paragraph gets its own. */
    para_items own = {0};
    if (!c->items)
        c->items = bp_xcalloc(1, sizeof(para_items));
    para_items *kept = c->items_in_use ? NULL : (para_items *)c->items;
    para_items p = kept ? *kept : own;
    p.items.len = p.pieces.len = 0;
    c->items_in_use = true;
    build_items(c, runs, &p);
    size_t first_box = c->target->len;
    if (p.items.len <= 2) { /* nothing but the finishing glue: an empty paragraph */
        if (shape->n_anchors || shape->label) {
            push_box(c, 0, shape->space_before, NULL);
        }
        release_items(c, kept, &p);
        if (c->target->len > first_box)
            for (size_t i = 0; i < shape->n_anchors; i++)
                box_add_anchor(c, &c->target->items[first_box], shape->anchors[i]);
        return 0;
    }
    double widths[2] = {shape->width - shape->first_indent, shape->width - shape->hang};
    bool justify = base->align == BP_ALIGN_JUSTIFY;
    bp_break_params params = bp_break_params_default();
    const bp_node *origin = shape->origin ? shape->origin
                            : runs->len ? runs->items[0].origin : NULL;
    if (c->trace && origin) {
        const bp_loc *l = &origin->loc;
        fprintf(c->trace, "paragraph %s:%u:%u\n", l->file ? l->file : "?", l->line, l->col);
    }
    bp_break_result br = justify ? bp_linebreak(p.items.items, p.items.len, widths, 2, &params)
                                 : break_greedy(p.items.items, p.items.len, widths, 2);
    size_t from = 0;
    for (size_t k = 0; k < br.n_lines; k++) {
        size_t to = br.lines[k].position;
        while (from < to && p.items.items[from].kind != BP_ITEM_BOX)
            from++; /* glue and penalties vanish at a line start */
        double x0 = shape->x + (k == 0 ? shape->first_indent : shape->hang);
        emit_line(c, &p, from, to, br.lines[k].ratio, x0, widths[k == 0 ? 0 : 1], base, justify,
                  k + 1 == br.n_lines, shape, k == 0);
        if (br.lines[k].overfull)
            bp_diag_emit(c->doc->diags, BP_WARNING, "overfull-line",
                         origin ? origin->loc : BP_LOC_NONE,
                         "line %zu of this paragraph is wider than the measure", k + 1);
        from = to + 1;
    }
    size_t n_lines = br.n_lines;
    if (c->trace)
        fprintf(c->trace, "  %zu lines, demerits %.0f%s\n", n_lines, br.demerits,
                br.emergency ? ", emergency pass" : "");
    free(br.lines);
    release_items(c, kept, &p);

    bp_vlist *t = c->target;
    if (n_lines == 0)
        return 0;
    bp_vbox *first = &t->items[first_box];
    for (size_t i = 0; i < shape->n_anchors; i++)
        box_add_anchor(c, first, shape->anchors[i]);
    if (shape->label) {
        double w = bp_font_width(c->fonts, shape->label_style->font, shape->label,
                                 strlen(shape->label), shape->label_style->font_size);
        (void)w;
        box_add_draw(c, first, (bp_draw){.kind = BP_DRAW_TEXT, .x = shape->label_x,
                                         .y = baseline_offset(c, base), .w = w,
                                         .font = shape->label_style->font,
                                         .size = shape->label_style->font_size,
                                         .text = shape->label, .origin = shape->origin,
                                         .role = BP_ROLE_LABEL});
    }
    first->break_before = shape->break_before;
    /* Orphans and widows: the first `orphans` lines stay together, and so
     * do the last `widows` (a paragraph too short for both stays whole). */
    for (size_t k = 0; k + 1 < n_lines; k++)
        if (k + 1 < (size_t)base->orphans || k + (size_t)base->widows >= n_lines ||
            n_lines < (size_t)(base->orphans + base->widows))
            t->items[first_box + k].keep_with_next = true;
    t->items[first_box + n_lines - 1].keep_with_next = shape->keep_with_next;
    return n_lines;
}
