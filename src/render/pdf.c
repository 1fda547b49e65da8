/*
 * render/pdf.c — the PDF backend: bp_doc pages → PDF bytes → file, via libharu.
 *
 * In:   doc->pages (text runs, rules, link areas), anchors, outline, fonts,
 *       meta, page size; the SOURCE_DATE_EPOCH environment variable.
 * Out:  a PDF written atomically, or diagnostics in doc->diags.
 * Uses: libharu 2.3.0 (public API, plus a few calls from its installed
 *       internal headers, each marked "internal API"); fontfile.c to check
 *       and subset fonts.
 * Refs: /work/shared/LIBHARU.md (measured libharu facts); ISO 32000-1 (PDF
 *       1.7) §9.10.3 ToUnicode CMaps, §12.3.2.2 explicit destinations,
 *       §14.3.3 document information dictionary; reproducible-builds.org
 *       SOURCE_DATE_EPOCH specification.
 *
 * Order of work: fonts first (each face that draws text is checked, subset
 * and loaded), then every page object (so links may point forward), then
 * page content, links, bookmarks and info; then the document is saved to
 * memory and written to a temp file that is renamed over the output.
 *
 * libharu errors are sticky and its default handler prints; ours only
 * records the first (error_no, detail_no). check_hpdf() turns a recorded
 * error into a diagnostic (`pdf-write`, or `bad-font` while loading fonts)
 * saying what could not be done, and resets libharu.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fsync, fchmod, gmtime_r, O_DIRECTORY */

#include "render/render.h"

#include "base/buf.h"
#include "base/file.h"
#include "base/image.h"
#include "base/utf8.h"
#include "render/archive.h"
#include "render/compact.h"
#include "render/stream.h"
#include "render/fontfile.h"
#include "render/pdffont.h"
#include "render/tags.h"
#include "text/font.h"

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- state ------------------------------------------------------------------- */

typedef struct hpdf_failure {
    HPDF_STATUS error_no, detail_no; /* the first error since the last check */
} hpdf_failure;

/* One font file that draws text. Faces naming the same file share it. */
typedef struct font_use {
    const char *path;   /* borrowed from doc->fonts */
    int face;           /* the first face that draws with it: its bytes */
    unsigned char *bmp; /* bitmap of the BMP code points drawn, 8 KiB */
    BP_VEC(uint32_t) astral; /* code points beyond the BMP (repeats allowed) */
    bp_pdf_font *font;
    char resource[24];  /* its name in the pages' /Font resources: F1, F2, … */
} font_use;

typedef struct pdf_out {
    const bp_doc *doc;
    bp_fonts *fonts;         /* the font files' bytes, as layout read them */
    HPDF_Doc pdf;
    hpdf_failure failure;
    font_use *uses; /* at most doc->n_fonts */
    size_t n_uses;
    int *use_of_face;        /* doc->fonts index → uses index, -1 if it draws nothing */
    HPDF_Page *pages;        /* doc->n_pages, created before any content */
    HPDF_Destination *dests; /* per doc->anchors entry, made on first use */
    struct loaded_image {
        const char *path;
        HPDF_Image image;
    } *images;               /* each file embedded once, however often drawn */
    size_t n_images;
    bp_tags *tags;           /* the structure being built, or NULL (untagged) */
    bp_buf content;          /* the page being drawn: its content stream */
    bp_deflater *deflater;   /* this thread's compressor, for streams and compact */
    bp_pdf_streams *streams; /* contents, fonts: compressed as they come (stream.h) */
    bp_pdf_objects finished; /* those streams, compressed, for compact */
    bp_arena scratch;        /* texts made while writing (link descriptions) */
} pdf_out;

/* What one page has set in its graphics state: Tf persists across BT/ET. */
typedef struct page_state {
    int use;           /* font use set with Tf, -1 = none yet */
    double size;
    double hscale;     /* current horizontal scaling, 1 = 100% */
    double char_space; /* current Tc */
    float rgb[3];      /* current fill colour, as draws have it */
} page_state;

/* ---- diagnostics ----------------------------------------------------------------- */

static void report(const bp_doc *doc, bp_severity sev, const char *code, bp_loc loc,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report(const bp_doc *doc, bp_severity sev, const char *code, bp_loc loc,
                   const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (doc->diags)
        bp_diag_emit(doc->diags, sev, code, loc, "%s", msg);
}

static bp_loc loc_of(const bp_draw *d)
{
    return d && d->origin ? d->origin->loc : BP_LOC_NONE;
}

/* Names for the libharu errors this backend can plausibly meet. */
static const char *hpdf_error_name(HPDF_STATUS no)
{
    switch (no) {
    case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
    case HPDF_FILE_IO_ERROR: return "file I/O error";
    case HPDF_FILE_OPEN_ERROR: return "cannot open file";
    case HPDF_INVALID_FONTDEF_DATA: return "invalid font data";
    case HPDF_TTF_INVALID_CMAP: return "invalid TrueType cmap";
    case HPDF_TTF_INVALID_FOMAT: return "invalid TrueType format";
    case HPDF_TTF_MISSING_TABLE: return "TrueType table missing";
    case HPDF_TTF_CANNOT_EMBEDDING_FONT: return "font does not allow embedding";
    case HPDF_PAGE_INVALID_SIZE: return "page size out of range (3..14400 pt)";
    case HPDF_PAGE_INVALID_FONT_SIZE: return "font size out of range";
    case HPDF_PAGE_FONT_NOT_FOUND: return "no font set";
    case HPDF_INVALID_PARAMETER: return "invalid parameter";
    case HPDF_INVALID_DATE_TIME: return "invalid date";
    case HPDF_STRING_OUT_OF_RANGE: return "string too long";
    case HPDF_REAL_OUT_OF_RANGE: return "number out of range";
    case HPDF_ZLIB_ERROR: return "compression error";
    default: return "error";
    }
}

static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    /* Record only: no longjmp (it would skip our cleanup) and no printing
     * (stages never print). The first error is the informative one. */
    hpdf_failure *f = user_data;
    if (f->error_no == HPDF_OK) {
        f->error_no = error_no;
        f->detail_no = detail_no;
    }
}

static bp_status check_hpdf(pdf_out *o, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* BP_OK if libharu has no error pending; otherwise a diagnostic with code
 * whose message is fmt (what could not be done) plus libharu's error, and
 * libharu is reset (its errors are sticky). */
static bp_status check_hpdf(pdf_out *o, const char *code, const char *fmt, ...)
{
    HPDF_STATUS no = o->failure.error_no, detail = o->failure.detail_no;
    if (no == HPDF_OK) /* some paths set the error without calling the handler */
        no = HPDF_GetError(o->pdf), detail = HPDF_GetErrorDetail(o->pdf);
    if (no == HPDF_OK)
        return BP_OK;
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    report(o->doc, BP_ERROR, code, BP_LOC_NONE,
           "%s: the PDF library reports %s (0x%04X, detail %u)", what, hpdf_error_name(no),
           (unsigned)no, (unsigned)detail);
    HPDF_ResetError(o->pdf);
    o->failure = (hpdf_failure){0};
    return BP_ERR_ENV;
}

/* ---- files --------------------------------------------------------------------- */

/* ---- fonts ----------------------------------------------------------------------- */

static bool draws_text(const bp_draw *d)
{
    return d->kind == BP_DRAW_TEXT && d->text && d->text[0];
}

static int use_for_face(pdf_out *o, int face)
{
    if (o->use_of_face[face] >= 0)
        return o->use_of_face[face];
    const char *path = o->doc->fonts[face].path;
    size_t u = 0;
    while (u < o->n_uses && strcmp(o->uses[u].path, path) != 0)
        u++;
    if (u == o->n_uses) {
        o->uses[u] = (font_use){.path = path, .face = face, .bmp = bp_xcalloc(0x10000 / 8, 1)};
        snprintf(o->uses[u].resource, sizeof o->uses[u].resource, "F%zu", u + 1);
        o->n_uses++;
    }
    o->use_of_face[face] = (int)u;
    return (int)u;
}

static void mark_code_points(font_use *u, const char *s)
{
    size_t n = strlen(s), used;
    for (size_t i = 0; i < n; i += used) {
        uint32_t cp = bp_utf8_decode(s + i, n - i, &used);
        if (cp <= 0xFFFF)
            u->bmp[cp >> 3] |= (unsigned char)(1u << (cp & 7));
        else
            BP_PUSH(u->astral, cp);
    }
}

/* Groups the faces that draw text by file and collects their code points. */
static bp_status collect_fonts(pdf_out *o)
{
    const bp_doc *doc = o->doc;
    o->uses = bp_xcalloc(doc->n_fonts ? doc->n_fonts : 1, sizeof(*o->uses));
    o->use_of_face = bp_xmalloc((doc->n_fonts ? doc->n_fonts : 1) * sizeof(int));
    for (size_t i = 0; i < doc->n_fonts; i++)
        o->use_of_face[i] = -1;

    for (size_t p = 0; p < doc->n_pages; p++) {
        const bp_page *page = &doc->pages[p];
        for (size_t i = 0; i < page->n_draws; i++) {
            const bp_draw *d = &page->draws[i];
            if (!draws_text(d))
                continue;
            if (d->font < 0 || (size_t)d->font >= doc->n_fonts || !doc->fonts[d->font].path) {
                report(o->doc, BP_ERROR, "pdf-write", loc_of(d),
                       "cannot write the PDF: text on page %zu uses font %d, which has no "
                       "font file (%zu fonts are defined)",
                       p + 1, d->font, doc->n_fonts);
                return BP_ERR_ENV;
            }
            mark_code_points(&o->uses[use_for_face(o, d->font)], d->text);
        }
    }
    return BP_OK;
}

static int compare_code_points(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The code points a font use draws, ascending, each once. Bits are
 * taken lowest first (x & (x - 1) clears it): the bitmap is mostly zeros,
 * and a popcount without the instruction is a library call per byte. */
static uint32_t *code_points_of(font_use *u, size_t *n)
{
    size_t count = 0;
    for (size_t byte = 0; byte < 0x10000 / 8; byte++)
        for (unsigned bits = u->bmp[byte]; bits; bits &= bits - 1)
            count++;
    uint32_t *cps = bp_xmalloc((count + u->astral.len + 1) * sizeof(*cps));
    *n = 0;
    for (size_t byte = 0; byte < 0x10000 / 8; byte++)
        for (unsigned bits = u->bmp[byte]; bits; bits &= bits - 1)
            cps[(*n)++] = (uint32_t)(byte * 8 + (unsigned)__builtin_ctz(bits));
    if (u->astral.len)
        qsort(u->astral.items, u->astral.len, sizeof(uint32_t), compare_code_points);
    for (size_t i = 0; i < u->astral.len; i++)
        if (i == 0 || u->astral.items[i] != u->astral.items[i - 1])
            cps[(*n)++] = u->astral.items[i];
    return cps;
}

static bp_status load_font(pdf_out *o, font_use *u)
{
    bp_status status = BP_OK;
    const unsigned char *data = NULL;
    unsigned char *sub = NULL;
    uint32_t *cps = NULL;
    size_t len = 0, sub_len = 0, n_cps = 0;
    const char *why;

    if (!bp_fonts_file(o->fonts, u->face, &data, &len)) {
        report(o->doc, BP_ERROR, "bad-font", BP_LOC_NONE, "cannot read font %s", u->path);
        BP_TRY(BP_ERR_ENV);
    }
    if (!bp_fontfile_check(data, len, &why)) {
        report(o->doc, BP_ERROR, "bad-font", BP_LOC_NONE, "%s is not a usable TrueType font: %s",
               u->path, why);
        BP_TRY(BP_ERR_ENV);
    }
    cps = code_points_of(u, &n_cps);
    if (!bp_fontfile_subset(data, len, cps, n_cps, &sub, &sub_len, &why)) {
        report(o->doc, BP_ERROR, "bad-font", BP_LOC_NONE, "cannot subset font %s: %s", u->path,
               why);
        BP_TRY(BP_ERR_ENV);
    }
    /* The same check on the subset: it guards libharu against a subset
     * that lost a table libharu needs. */
    if (!bp_fontfile_check(sub, sub_len, &why)) {
        report(o->doc, BP_ERROR, "bad-font", BP_LOC_NONE,
               "the subset of font %s cannot be embedded: %s", u->path, why);
        BP_TRY(BP_ERR_ENV);
    }
    u->font = bp_pdf_font_new(o->pdf, o->streams, sub, sub_len, cps, n_cps, &why);
    if (!u->font) {
        report(o->doc, BP_ERROR, "pdf-write", BP_LOC_NONE, "cannot embed font %s: %s", u->path,
               why);
        BP_TRY(BP_ERR_ENV);
    }
    BP_TRY(check_hpdf(o, "pdf-write", "cannot embed font %s", u->path));
done:
    free(sub);
    free(cps);
    return status;
}

/* ---- page content ------------------------------------------------------------ */

/* Appends v with at most three decimals, no trailing zeros: "12.5", "-3".
 * By hand: this runs for every number of every page, and printf's
 * machinery costs more than the rest of the line's work. */
static void put_number(bp_buf *b, double v)
{
    long milli = lround(v * 1000);
    if (milli < 0)
        bp_buf_putc(b, '-');
    unsigned long m = milli < 0 ? 0UL - (unsigned long)milli : (unsigned long)milli;
    bp_buf_put_uint(b, m / 1000);
    unsigned long frac = m % 1000;
    if (frac) {
        char digits[5] = {'.', (char)('0' + frac / 100), (char)('0' + frac / 10 % 10),
                          (char)('0' + frac % 10), 0};
        size_t n = 4;
        while (digits[n - 1] == '0')
            n--;
        bp_buf_append(b, digits, n);
    }
}

/* Sets the fill colour (text and rules) when it changes. */
static void set_fill(bp_buf *ops, page_state *ps, const float rgb[3])
{
    if (memcmp(ps->rgb, rgb, sizeof ps->rgb) == 0)
        return;
    for (int c = 0; c < 3; c++) {
        put_number(ops, rgb[c]);
        bp_buf_putc(ops, ' ');
    }
    bp_buf_puts(ops, "rg\n");
    memcpy(ps->rgb, rgb, sizeof ps->rgb);
}

/* Makes font use u a resource of page (once per page). Internal API: the
 * fonts are our own objects, not libharu's, so the page's /Font dictionary
 * is filled here. */
static void add_font_resource(pdf_out *o, HPDF_Page page, const font_use *u)
{
    HPDF_Dict resources = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
    if (!resources)
        return;
    HPDF_Dict fonts = HPDF_Dict_GetItem(resources, "Font", HPDF_OCLASS_DICT);
    if (!fonts) {
        fonts = HPDF_Dict_New(o->pdf->mmgr);
        if (!fonts || HPDF_Dict_Add(resources, "Font", fonts) != HPDF_OK)
            return;
    }
    if (!HPDF_Dict_GetItem(fonts, u->resource, HPDF_OCLASS_DICT))
        HPDF_Dict_Add(fonts, u->resource, bp_pdf_font_dict(u->font));
}

static void set_font(pdf_out *o, HPDF_Page page, page_state *ps, bp_buf *ops, const bp_draw *d)
{
    int use = o->use_of_face[d->font];
    if (use != ps->use || d->size != ps->size) {
        add_font_resource(o, page, &o->uses[use]);
        bp_buf_putc(ops, '/');
        bp_buf_puts(ops, o->uses[use].resource);
        bp_buf_putc(ops, ' ');
        put_number(ops, d->size);
        bp_buf_puts(ops, " Tf\n");
        ps->use = use;
        ps->size = d->size;
    }
}

static void show_text(pdf_out *o, const page_state *ps, const char *text, const int16_t *kern,
                      bp_buf *ops)
{
    bp_pdf_font_append_tj(o->uses[ps->use].font, ops, text, kern);
    bp_buf_puts(ops, " TJ\n");
}

/* A line-end hyphen added by hyphenation is not the text's: tagged, it is
 * drawn as an artifact, so the structure reads "Kazakhstan", not
 * "Kaza-khstan". The kerning before it is kept as a TJ shift. */
static void show_hyphenated(pdf_out *o, const page_state *ps, const bp_draw *d,
                            bp_tags_seq *seq, bp_buf *ops)
{
    size_t len = strlen(d->text), n_chars = 0;
    for (size_t i = 0; i < len; i++)
        n_chars += ((unsigned char)d->text[i] & 0xC0) != 0x80;
    if (len < 2 || d->text[len - 1] != '-') {
        show_text(o, ps, d->text, d->kern, ops);
        return;
    }
    char *word = bp_xstrdup(d->text);
    word[len - 1] = '\0';
    show_text(o, ps, word, d->kern, ops);
    free(word);
    int before_hyphen = d->kern && n_chars >= 2 ? d->kern[n_chars - 2] : 0;
    if (before_hyphen)
        bp_buf_printf(ops, "[%d] TJ\n", -before_hyphen);
    bp_tags_end(seq, ops);
    bp_tags_open_artifact(ops);
    show_text(o, ps, "-", NULL, ops);
    bp_tags_close(ops);
}

/* The text runs d[0..n) of one baseline as one BT…ET. Td moves relative
 * to the start of the current line, so each run moves by its x minus the
 * previous run's; line_x accumulates the rounded steps, so rounding does
 * not drift along the line. With `marking`, each
 * run is marked inside the text object as its element's content. */
static void text_object(pdf_out *o, HPDF_Page page, size_t index, page_state *ps, bp_buf *ops,
                        const bp_draw *d, size_t n, bool marking)
{
    bp_tags_seq seq = {0};
    double line_x = 0;
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (!draws_text(&d[i]))
            continue;
        if (first) /* runs that draw nothing make no text object */
            bp_buf_puts(ops, "BT\n");
        set_font(o, page, ps, ops, &d[i]);
        double dx = first ? d[i].x : d[i].x - line_x;
        dx = (double)lround(dx * 1000) / 1000;
        line_x += dx;
        put_number(ops, dx);
        bp_buf_putc(ops, ' ');
        put_number(ops, first ? o->doc->page_height - d[i].y : 0);
        bp_buf_puts(ops, " Td\n");
        first = false;
        double hs = d[i].hscale > 0 ? d[i].hscale : 1;
        if (hs != ps->hscale) {
            put_number(ops, hs * 100);
            bp_buf_puts(ops, " Tz\n");
            ps->hscale = hs;
        }
        if (d[i].char_space != ps->char_space) {
            put_number(ops, d[i].char_space);
            bp_buf_puts(ops, " Tc\n");
            ps->char_space = d[i].char_space;
        }
        set_fill(ops, ps, d[i].rgb);
        if (marking)
            bp_tags_mark(o->tags, index, &d[i], &seq, ops);
        if (marking && d[i].hyphen_end)
            show_hyphenated(o, ps, &d[i], &seq, ops);
        else
            show_text(o, ps, d[i].text, d[i].kern, ops);
    }
    bp_tags_end(&seq, ops);
    if (!first)
        bp_buf_puts(ops, "ET\n");
}

/* How many of the runs d[0..n) (or, backwards, of their last ones) belong
 * to `owner` and can share a sequence opened outside their text object:
 * an added hyphen is an artifact, which no element's content may hold. */
static size_t runs_of(pdf_out *o, const bp_draw *d, size_t n, const void *owner, bool backwards)
{
    size_t k = 0;
    for (; k < n; k++) {
        const bp_draw *x = backwards ? &d[n - 1 - k] : &d[k];
        if (draws_text(x) && (x->hyphen_end || bp_tags_owner(o->tags, x) != owner))
            break;
    }
    return k;
}

/* Draws one line. Tagged, the marked content of an element runs on across
 * lines, opened outside their text objects (page_seq), so a paragraph's
 * lines share one MCID. A line holding several elements' runs (text and a
 * link, a table row's cells) is cut into up to three text objects: the
 * runs that continue the open element, those marked one by one inside
 * their text object, and the runs of the element the next line goes on
 * with (next_owner), which open its sequence. Every MCID saved is a
 * ParentTree entry and a BDC…EMC less. */
static void draw_line(pdf_out *o, HPDF_Page page, size_t index, page_state *ps,
                      bp_tags_seq *page_seq, const bp_draw *d, size_t n, const void *next_owner)
{
    bp_buf *ops = &o->content;
    if (!o->tags) {
        text_object(o, page, index, ps, ops, d, n, false);
    } else {
        size_t head = page_seq->owner ? runs_of(o, d, n, page_seq->owner, false) : 0;
        if (head == n) { /* all of it goes on with the open element */
            text_object(o, page, index, ps, ops, d, n, false);
            return;
        }
        if (head)
            text_object(o, page, index, ps, ops, d, head, false);
        bp_tags_end(page_seq, ops);
        /* The element the next line goes on with opens its sequence here,
         * and so does the element of what is left when it is all one's. */
        size_t rest = n - head, last = n;
        while (!draws_text(&d[last - 1])) /* d[head] draws: runs_of stopped there */
            last--;
        const void *own = bp_tags_owner(o->tags, &d[last - 1]);
        size_t own_runs = runs_of(o, d + head, rest, own, true);
        size_t tail = own_runs == rest || own == next_owner ? own_runs : 0;
        if (head + tail < n)
            text_object(o, page, index, ps, ops, d + head, n - head - tail, true);
        if (tail) {
            const bp_draw *from = d + n - tail;
            for (size_t i = 0; i < tail; i++)
                if (draws_text(&from[i])) {
                    bp_tags_mark(o->tags, index, &from[i], page_seq, ops);
                    break;
                }
            text_object(o, page, index, ps, ops, from, tail, false);
        }
    }
}

/* Marks what is about to be drawn (a rule path, an image) for d, or as
 * an artifact when d is NULL; end_marked closes it. */
static void begin_marked(pdf_out *o, size_t index, const bp_draw *d)
{
    if (!o->tags)
        return;
    if (d)
        bp_tags_open(o->tags, index, d, &o->content);
    else
        bp_tags_open_artifact(&o->content);
}

static void end_marked(pdf_out *o)
{
    if (o->tags)
        bp_tags_close(&o->content);
}

/* x y w h, the box of d in PDF's coordinates (y up). */
static void put_box(pdf_out *o, const bp_draw *d)
{
    bp_buf *ops = &o->content;
    put_number(ops, d->x);
    bp_buf_putc(ops, ' ');
    put_number(ops, o->doc->page_height - d->y - d->h);
    bp_buf_putc(ops, ' ');
    put_number(ops, d->w);
    bp_buf_putc(ops, ' ');
    put_number(ops, d->h);
}

/* Rules are borders and separators: artifacts. Consecutive rules of one
 * colour are one path and one fill. */
static void draw_rules(pdf_out *o, size_t index, page_state *ps, const bp_draw *d, size_t n)
{
    set_fill(&o->content, ps, d[0].rgb);
    begin_marked(o, index, NULL);
    for (size_t i = 0; i < n; i++) {
        put_box(o, &d[i]);
        bp_buf_puts(&o->content, " re\n");
    }
    bp_buf_puts(&o->content, "f\n");
    end_marked(o);
}

/* How many draws from d[0] on (n available) form one line or one rule path. */
static size_t run_length(const bp_draw *d, size_t n)
{
    size_t k = 1;
    if (d[0].kind == BP_DRAW_RULE) {
        /* one path per colour */
        while (k < n && d[k].kind == BP_DRAW_RULE && memcmp(d[k].rgb, d[0].rgb, sizeof d[0].rgb) == 0)
            k++;
    } else if (draws_text(&d[0])) {
        /* Empty runs draw nothing, so they do not end a line. */
        while (k < n && d[k].kind == BP_DRAW_TEXT && (!draws_text(&d[k]) || d[k].y == d[0].y))
            k++;
    }
    return k;
}

/* The image object of a file, loaded on first use. Resolve has checked the
 * header; a file libharu still refuses is reported at its element. */
static HPDF_Image image_for(pdf_out *o, const bp_draw *d)
{
    for (size_t i = 0; i < o->n_images; i++)
        if (strcmp(o->images[i].path, d->uri) == 0)
            return o->images[i].image;
    const bp_node *data = d->origin;
    HPDF_Image image = data->image->format == BP_IMAGE_PNG
                           ? HPDF_LoadPngImageFromFile(o->pdf, d->uri)
                           : HPDF_LoadJpegImageFromFile(o->pdf, d->uri);
    HPDF_STATUS no = o->failure.error_no ? o->failure.error_no : HPDF_GetError(o->pdf);
    if (!image || no != HPDF_OK) {
        report(o->doc, BP_ERROR, "image-unsupported", data->loc,
               "the PDF library cannot embed image \"%s\": %s (0x%04X)",
               bp_node_attr(data, "fileref"), hpdf_error_name(no), (unsigned)no);
        HPDF_ResetError(o->pdf);
        o->failure = (hpdf_failure){0};
        return NULL;
    }
    o->images = bp_xrealloc(o->images, (o->n_images + 1) * sizeof *o->images);
    o->images[o->n_images++] = (struct loaded_image){d->uri, image};
    return image;
}

static bp_status draw_image(pdf_out *o, HPDF_Page page, size_t index, const bp_draw *d)
{
    HPDF_Image image = image_for(o, d);
    if (!image)
        return BP_ERR_INPUT;
    /* The page's name for the image, which makes it a resource of the
     * page (internal API). */
    const char *name = HPDF_Page_GetXObjectName(page, image);
    if (!name)
        return check_hpdf(o, "pdf-write", "cannot add image \"%s\"", d->uri);
    begin_marked(o, index, d);
    bp_buf *ops = &o->content;
    bp_buf_puts(ops, "q\n");
    put_number(ops, d->w);
    bp_buf_puts(ops, " 0 0 ");
    put_number(ops, d->h);
    bp_buf_putc(ops, ' ');
    put_number(ops, d->x);
    bp_buf_putc(ops, ' ');
    put_number(ops, o->doc->page_height - d->y - d->h);
    bp_buf_printf(ops, " cm\n/%s Do\nQ\n", name);
    end_marked(o);
    return BP_OK;
}

/* Whose text the next line of d[0..n) starts with, when nothing but links
 * comes before it; NULL untagged, or when a rule or image comes first. */
static const void *next_line_owner(pdf_out *o, const bp_draw *d, size_t n)
{
    for (size_t i = 0; o->tags && i < n; i++) {
        if (draws_text(&d[i]))
            return bp_tags_owner(o->tags, &d[i]);
        if (d[i].kind != BP_DRAW_LINK && d[i].kind != BP_DRAW_TEXT)
            return NULL;
    }
    return NULL;
}

static void end_sequence(pdf_out *o, bp_tags_seq *seq)
{
    if (o->tags && seq->owner)
        bp_tags_end(seq, &o->content);
}

static bp_status draw_page(pdf_out *o, size_t index)
{
    const bp_page *p = &o->doc->pages[index];
    HPDF_Page page = o->pages[index];
    page_state ps = {-1, 0, 1, 0, {0, 0, 0}};
    bp_tags_seq seq = {0}; /* open across lines of one element */
    for (size_t i = 0; i < p->n_draws;) {
        const bp_draw *d = &p->draws[i];
        size_t k = run_length(d, p->n_draws - i);
        if (d->kind != BP_DRAW_LINK && !draws_text(d))
            end_sequence(o, &seq);
        if (d->kind == BP_DRAW_RULE)
            draw_rules(o, index, &ps, d, k);
        else if (d->kind == BP_DRAW_IMAGE && draw_image(o, page, index, d) != BP_OK)
            return BP_ERR_INPUT;
        else if (draws_text(d))
            draw_line(o, page, index, &ps, &seq, d, k,
                      next_line_owner(o, d + k, p->n_draws - i - k));
        i += k; /* links are added once every page exists */
    }
    end_sequence(o, &seq);
    return check_hpdf(o, "pdf-write", "cannot draw page %zu", index + 1);
}

/* Hands the drawn page's content over to be compressed. libharu's own
 * content stream for the page stays empty (no filter, so nothing to
 * compress at save), and the compressed stream replaces it when the file
 * is rewritten. Internal API: the page's content dictionary. */
static void hand_over_content(pdf_out *o, size_t index)
{
    HPDF_Dict contents = ((HPDF_PageAttr)o->pages[index]->attr)->contents;
    contents->filter = HPDF_STREAM_FILTER_NONE;
    unsigned char *raw = o->content.data ? (unsigned char *)o->content.data : bp_xmalloc(1);
    bp_pdf_streams_add(o->streams, bp_pdf_number_of(contents), "", raw, o->content.len);
    o->content = (bp_buf){0};
}

static bp_status add_pages(pdf_out *o)
{
    o->pages = bp_xcalloc(o->doc->n_pages, sizeof(*o->pages));
    o->dests = bp_xcalloc(o->doc->n_anchors ? o->doc->n_anchors : 1, sizeof(*o->dests));
    for (size_t i = 0; i < o->doc->n_pages; i++) {
        HPDF_Page page = HPDF_AddPage(o->pdf);
        if (page) {
            HPDF_Page_SetWidth(page, (HPDF_REAL)o->doc->page_width);
            HPDF_Page_SetHeight(page, (HPDF_REAL)o->doc->page_height);
        }
        o->pages[i] = page;
        bp_status status = check_hpdf(o, "pdf-write", "cannot add page %zu (%.2f x %.2f pt)", i + 1,
                                      o->doc->page_width, o->doc->page_height);
        if (status != BP_OK)
            return status;
    }
    return BP_OK;
}

/* ---- links and bookmarks ---------------------------------------------------------- */

/* [page /XYZ left top null]: a null zoom keeps the reader's zoom.
 * HPDF_Destination_SetXYZ refuses zoom 0 with an error that poisons the
 * document, so the array is rebuilt here as SetXYZ itself does it (internal
 * API). */
static void set_xyz_keep_zoom(HPDF_Destination dst, HPDF_Page page, double left, double top)
{
    HPDF_Array_Clear(dst);
    HPDF_Array_Add(dst, page);
    HPDF_Array_AddName(dst, "XYZ");
    HPDF_Array_AddReal(dst, (HPDF_REAL)left);
    HPDF_Array_AddReal(dst, (HPDF_REAL)top);
    HPDF_Array_Add(dst, HPDF_Null_New(dst->mmgr));
}

/* A destination at the top of id's target, or NULL when id is not placed
 * (resolve has reported unknown ids already). Destinations are indirect
 * objects, so all links and bookmarks to one anchor share one (in the
 * Kazakhstan brief 97 destination objects became 46, 4 KB less). */
static HPDF_Destination destination_for(pdf_out *o, const char *id)
{
    const bp_anchor *a = id ? bp_doc_anchor(o->doc, id) : NULL;
    if (!a || a->page < 0 || (size_t)a->page >= o->doc->n_pages)
        return NULL;
    size_t slot = (size_t)(a - o->doc->anchors);
    if (o->dests[slot])
        return o->dests[slot];
    HPDF_Page page = o->pages[a->page];
    HPDF_Destination dst = HPDF_Page_CreateDestination(page);
    if (!dst)
        return NULL;
    double top = o->doc->page_height - a->y;
    if (top < 0)
        top = 0;
    if (top > o->doc->page_height)
        top = o->doc->page_height;
    set_xyz_keep_zoom(dst, page, 0, top);
    o->dests[slot] = dst;
    return dst;
}

static bool is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

/* Readers need a URI in 7-bit ASCII (ISO 32000-1 §12.6.4.7): bytes outside
 * it, spaces, controls and characters RFC 3986 never allows are
 * percent-encoded, and so is a '%' that does not start an escape; existing
 * %XX escapes stay as they are. */
static char *encode_uri(const char *uri)
{
    bp_buf b = {0};
    for (const unsigned char *p = (const unsigned char *)uri; *p; p++) {
        bool stray_percent = *p == '%' && !(is_hex(p[1]) && is_hex(p[2]));
        if (*p <= 0x20 || *p >= 0x7F || strchr("\"<>\\^`{|}", *p) || stray_percent)
            bp_buf_printf(&b, "%%%02X", *p);
        else
            bp_buf_putc(&b, (char)*p);
    }
    return b.data;
}

static double clamp(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Whitespace runs become one space, ends trimmed: the abstract arrives with
 * the source's line breaks and indentation. */
static char *collapse_space(const char *s)
{
    bp_buf b = {0};
    bool pending = false;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            pending = b.len > 0;
            continue;
        }
        if (pending)
            bp_buf_putc(&b, ' ');
        pending = false;
        bp_buf_putc(&b, *s);
    }
    return b.data; /* NULL when s held only whitespace */
}

/* An untitled target (a bibliography entry of author and note) is
 * described by its text, its first 100 bytes cut at a space. */
static const char *untitled_description(pdf_out *o, const bp_node *target)
{
    char *all = collapse_space(bp_node_text(&o->scratch, target));
    if (!all)
        return "Link";
    size_t len = strlen(all);
    if (len > 100) {
        len = 100;
        while (len > 0 && all[len] != ' ')
            len--;
        if (len == 0)
            len = 100;
        while (len > 0 && ((unsigned char)all[len] & 0xC0) == 0x80)
            len--; /* never inside a character */
    }
    const char *text = bp_arena_printf(&o->scratch, "%.*s%s", (int)len, all,
                                       len < strlen(all) ? "…" : "");
    free(all);
    return text;
}

/* What a link leads to, for its annotation's /Contents (read by screen
 * readers for the link): the address, the target's title, or its number. */
static const char *link_description(pdf_out *o, const bp_draw *d)
{
    if (d->uri && d->uri[0])
        return d->uri;
    const bp_anchor *a = d->text ? bp_doc_anchor(o->doc, d->text) : NULL;
    const bp_node *target = a ? a->node : NULL;
    if (!target)
        return "Link";
    if (target->kind == BP_NODE_FOOTNOTE)
        return bp_arena_printf(&o->scratch, "Note %s", target->label ? target->label : "");
    const bp_node *title = bp_node_title(target);
    const char *text = title ? bp_node_text(&o->scratch, title) : NULL;
    if (text && *text)
        return target->label ? bp_arena_printf(&o->scratch, "%s %s", target->label, text) : text;
    if (target->label)
        return target->label;
    return untitled_description(o, target);
}

/* A PDF text string (§7.9.2.2): printable ASCII as itself (a literal
 * string, its bytes the same in PDFDocEncoding), else UTF-16BE with a BOM
 * (hex): a document's thousands of link descriptions are mostly ASCII.
 * Converted here rather than by libharu's UTF-8 encoder, whose tables take
 * longer to set up than all the strings take to convert. */
static void *text_string(pdf_out *o, const char *s)
{
    if (bp_pdf_text_is_ascii(s))
        return HPDF_String_New(o->pdf->mmgr, s, NULL);
    bp_buf u16 = {0};
    bp_pdf_put_utf16_text(&u16, s);
    HPDF_Binary b = HPDF_Binary_New(o->pdf->mmgr, (HPDF_BYTE *)u16.data, (HPDF_UINT)u16.len);
    bp_buf_free(&u16);
    return b;
}

/* A tagged link annotation: its /StructParent (the Link element in the
 * ParentTree), a description, and the print flag archives require. */
static void tag_annotation(pdf_out *o, size_t index, HPDF_Annotation annot, const bp_draw *d)
{
    HPDF_Dict_AddNumber(annot, "F", 4);
    if (!o->tags)
        return;
    int key = bp_tags_annotation(o->tags, index, d, bp_pdf_number_of(annot));
    HPDF_Dict_AddNumber(annot, "StructParent", key);
    void *contents = text_string(o, link_description(o, d));
    if (contents)
        HPDF_Dict_Add(annot, "Contents", contents);
}

static void add_link(pdf_out *o, HPDF_Page page, size_t index, const bp_draw *d)
{
    /* Clipped to the page: an overfull line can reach far past its edge,
     * where no reader can click and whose coordinates libharu refuses. */
    double top = o->doc->page_height - d->y;
    double x0 = clamp(d->x, 0, o->doc->page_width), x1 = clamp(d->x + d->w, 0, o->doc->page_width);
    double y0 = clamp(top - d->h, 0, o->doc->page_height), y1 = clamp(top, 0, o->doc->page_height);
    if (x1 <= x0 || y1 <= y0)
        return;
    HPDF_Rect rect = {(HPDF_REAL)x0, (HPDF_REAL)y0, (HPDF_REAL)x1, (HPDF_REAL)y1};
    HPDF_Annotation annot = NULL;
    if (d->uri && d->uri[0]) {
        char *uri = encode_uri(d->uri);
        annot = HPDF_Page_CreateURILinkAnnot(page, rect, uri);
        free(uri);
    } else {
        HPDF_Destination dst = destination_for(o, d->text);
        if (dst)
            annot = HPDF_Page_CreateLinkAnnot(page, rect, dst);
    }
    if (annot) {
        HPDF_LinkAnnot_SetBorderStyle(annot, 0, 0, 0); /* libharu draws 1 pt otherwise */
        tag_annotation(o, index, annot, d);
    }
}

static bp_status add_links(pdf_out *o)
{
    for (size_t p = 0; p < o->doc->n_pages; p++) {
        const bp_page *page = &o->doc->pages[p];
        bool any = false;
        for (size_t i = 0; i < page->n_draws; i++)
            if (page->draws[i].kind == BP_DRAW_LINK) {
                add_link(o, o->pages[p], p, &page->draws[i]);
                any = true;
            }
        /* Tab order follows the structure (PDF/UA). */
        if (any && o->tags)
            HPDF_Dict_AddName(o->pages[p], "Tabs", "S");
        bp_status status = check_hpdf(o, "pdf-write", "cannot add the links on page %zu", p + 1);
        if (status != BP_OK)
            return status;
    }
    return BP_OK;
}

/* Bookmarks nest by level; a level deeper than the previous one by more
 * than one nests under the nearest lower level. Top-level entries are open
 * so their children show; deeper ones are closed. */
static bp_status add_outline(pdf_out *o)
{
    const bp_doc *doc = o->doc;
    if (doc->n_outline == 0)
        return BP_OK;
    struct open_item {
        int level;
        HPDF_Outline item;
    } *stack = bp_xmalloc(doc->n_outline * sizeof(*stack));
    size_t depth = 0;
    bp_status status = BP_OK;
    for (size_t i = 0; i < doc->n_outline && status == BP_OK; i++) {
        const bp_outline_entry *e = &doc->outline[i];
        while (depth > 0 && stack[depth - 1].level >= e->level)
            depth--;
        HPDF_Outline parent = depth ? stack[depth - 1].item : NULL; /* NULL: the root */
        HPDF_Outline item = HPDF_CreateOutline(o->pdf, parent, "", NULL);
        if (item) {
            HPDF_Dict_Add(item, "Title", text_string(o, e->title ? e->title : ""));
            HPDF_Outline_SetOpened(item, depth == 0);
            HPDF_Destination dst = destination_for(o, e->id);
            if (dst)
                HPDF_Outline_SetDestination(item, dst);
            stack[depth++] = (struct open_item){e->level, item};
        }
        status = check_hpdf(o, "pdf-write", "cannot add bookmark \"%s\"", e->title ? e->title : "");
    }
    free(stack);
    return status;
}

/* ---- document information -------------------------------------------------------- */

/* Sets Info entry key to value with its spaces collapsed; returns that
 * text (heap, NULL when empty) for the XMP, which must agree. The Info
 * dictionary exists once libharu has set an entry (internal API). */
static char *set_info_text(pdf_out *o, const char *key, const char *value)
{
    char *clean = value ? collapse_space(value) : NULL;
    if (clean && o->pdf->info)
        HPDF_Dict_Add(o->pdf->info, key, text_string(o, clean));
    return clean;
}

/* CreationDate and ModDate come from SOURCE_DATE_EPOCH only, never from the
 * clock, so that builds are reproducible. */
static bool set_dates(pdf_out *o, struct tm *when)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    time_t t = (time_t)v;
    struct tm tm;
    if (errno || *end || end == s || v < 0 || (long long)t != v || !gmtime_r(&t, &tm) ||
        tm.tm_year + 1900 > 9999) {
        report(o->doc, BP_WARNING, "bad-source-date-epoch", BP_LOC_NONE,
               "SOURCE_DATE_EPOCH=\"%s\" is not a number of seconds since 1970 up to "
               "year 9999; the PDF gets no dates",
               s);
        return false;
    }
    HPDF_Date date = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                      tm.tm_sec,         'Z',           0,          0};
    HPDF_SetInfoDateAttr(o->pdf, HPDF_INFO_CREATION_DATE, date);
    HPDF_SetInfoDateAttr(o->pdf, HPDF_INFO_MOD_DATE, date);
    *when = tm;
    return true;
}

/* /Lang on the catalog: libharu has no call for it (internal API). */
/* The document's language; a document that names none is set (and
 * hyphenated) as English, and says so. */
static void set_lang(pdf_out *o, const char *lang)
{
    if (!lang || !lang[0])
        lang = "en";
    HPDF_String s = HPDF_String_New(o->pdf->mmgr, lang, NULL);
    if (s)
        HPDF_Dict_Add(o->pdf->catalog, "Lang", s);
    /* /Lang is a PDF 1.4 key; libharu's header says 1.3 otherwise. */
    o->pdf->pdf_version = HPDF_VER_14;
}

/* A document without a title still needs one (readers show it, PDF/UA
 * requires it): its first heading's, else its file's name; said once. */
static void untitled(pdf_out *o, bp_buf *title)
{
    const bp_doc *doc = o->doc;
    for (const bp_node *n = doc->root; n && !title->len; n = bp_node_next_in(doc->root, n))
        if (bp_node_is(n, BP_K_DIVISION) && bp_node_title(n)) {
            const char *text = bp_node_text(&o->scratch, bp_node_title(n));
            if (text && *text)
                bp_buf_puts(title, text);
        }
    if (!title->len && doc->path) {
        const char *base = strrchr(doc->path, '/');
        base = base ? base + 1 : doc->path;
        size_t n = strlen(base);
        if (n > 4 && strcmp(base + n - 4, ".xml") == 0)
            n -= 4;
        bp_buf_append(title, base, n);
    }
    if (!title->len)
        bp_buf_puts(title, "Untitled");
    report(doc, BP_WARNING, "no-title", doc->root ? doc->root->loc : BP_LOC_NONE,
           "the document has no title; the PDF is titled \"%s\"", title->data);
}

static bp_status set_info(pdf_out *o)
{
    const bp_meta *m = &o->doc->meta;
    bp_buf title = {0};
    if (m->title && m->title[0])
        bp_buf_puts(&title, m->title);
    if (m->subtitle && m->subtitle[0])
        bp_buf_printf(&title, "%s%s", title.len ? ": " : "", m->subtitle);
    if (!title.len)
        untitled(o, &title);
    HPDF_SetInfoAttr(o->pdf, HPDF_INFO_CREATOR, "briefpress");
    HPDF_SetInfoAttr(o->pdf, HPDF_INFO_PRODUCER, "briefpress");
    char *info_title = set_info_text(o, "Title", title.data);
    bp_buf_free(&title);
    char *info_author = set_info_text(o, "Author", m->author);
    char *info_subject = set_info_text(o, "Subject",
                                       m->abstract && m->abstract[0] ? m->abstract : m->subtitle);
    struct tm when;
    bool dated = set_dates(o, &when);
    const bp_options *opts = o->doc->opts;
    bp_archive_info archive = {info_title, info_author, info_subject, dated ? &when : NULL,
                               .pdfa = !opts || !opts->no_pdfa, .pdfua = o->tags != NULL};
    bool archived = bp_archive_write(o->pdf, o->streams, &archive);
    free(info_title);
    free(info_author);
    free(info_subject);
    if (!archived)
        return check_hpdf(o, "pdf-write", "cannot write the PDF/A metadata");
    set_lang(o, m->lang);
    HPDF_SetPageMode(o->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    /* Viewers show the title, not the file name, in their title bar. */
    HPDF_Dict prefs = HPDF_Dict_New(o->pdf->mmgr);
    if (prefs && HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE) == HPDF_OK)
        HPDF_Dict_Add(o->pdf->catalog, "ViewerPreferences", prefs);
    /* Page labels: the viewer's page numbers are the printed ones. */
    HPDF_AddPageLabel(o->pdf, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL);
    return check_hpdf(o, "pdf-write", "cannot write the document information");
}

/* ---- the document ------------------------------------------------------------------ */

static bp_status open_pdf(pdf_out *o)
{
    o->pdf = HPDF_New(on_hpdf_error, &o->failure);
    if (!o->pdf) {
        report(o->doc, BP_ERROR, "pdf-write", BP_LOC_NONE,
               "cannot write the PDF: the PDF library could not start (out of memory?)");
        return BP_ERR_ENV;
    }
    HPDF_SetCompressionMode(o->pdf, HPDF_COMP_ALL);
    return check_hpdf(o, "pdf-write", "cannot start the PDF");
}

static bp_status load_fonts(pdf_out *o)
{
    for (size_t i = 0; i < o->n_uses; i++) {
        bp_status status = load_font(o, &o->uses[i]);
        if (status != BP_OK)
            return status;
    }
    return BP_OK;
}

static bp_status save_to_memory(pdf_out *o, unsigned char **data, size_t *len)
{
    HPDF_SaveToStream(o->pdf);
    bp_status status = check_hpdf(o, "pdf-write", "cannot save the PDF");
    if (status != BP_OK)
        return status;
    HPDF_UINT32 size = HPDF_GetStreamSize(o->pdf);
    unsigned char *buf = bp_xmalloc(size ? size : 1);
    HPDF_UINT32 got = 0;
    while (got < size) {
        HPDF_UINT32 n = size - got;
        HPDF_STATUS st = HPDF_ReadFromStream(o->pdf, buf + got, &n);
        got += n;
        if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || n == 0)
            break;
    }
    /* Reading up to the end reports HPDF_STREAM_EOF through the handler. */
    if (got == size && o->failure.error_no == HPDF_STREAM_EOF) {
        HPDF_ResetError(o->pdf);
        o->failure = (hpdf_failure){0};
    }
    status = check_hpdf(o, "pdf-write", "cannot read the saved PDF back");
    if (status == BP_OK && got != size) {
        report(o->doc, BP_ERROR, "pdf-write", BP_LOC_NONE,
               "cannot write the PDF: read %u of %u bytes back from the PDF library", (unsigned)got,
               (unsigned)size);
        status = BP_ERR_ENV;
    }
    if (status != BP_OK) {
        free(buf);
        return status;
    }
    *data = buf;
    *len = size;
    return BP_OK;
}

/* Object streams and a cross-reference stream (compact.c): a tagged
 * brief's structure elements, pages and annotations compressed. */
/* The objects written apart from libharu (compact.h's bp_pdf_extra_fn):
 * the compressed streams (stream.h), the structure tree. */
static void own_objects(void *ctx, uint32_t first_free, bp_pdf_objects *out)
{
    pdf_out *o = ctx;
    for (size_t i = 0; i < o->finished.len; i++) /* the bodies move to out */
        BP_PUSH(*out, o->finished.items[i]);
    o->finished.len = 0;
    if (o->tags)
        bp_tags_serialize(o->tags, first_free, out);
}

static bp_status compact(pdf_out *o, unsigned char **data, size_t *len)
{
    unsigned char *small = NULL;
    size_t small_len = 0;
    const char *why;
    if (!bp_pdf_streams_finish(o->streams, &o->finished)) {
        report(o->doc, BP_ERROR, "pdf-write", BP_LOC_NONE,
               "cannot write the PDF: compressing the streams failed (out of memory?)");
        return BP_ERR_ENV;
    }
    if (!bp_pdf_compact(*data, *len, own_objects, o, o->deflater, &small, &small_len, &why)) {
        report(o->doc, BP_ERROR, "pdf-write", BP_LOC_NONE,
               "cannot write the PDF: the PDF library's output is not as expected (%s)", why);
        free(*data);
        *data = NULL;
        *len = 0;
        return BP_ERR_ENV;
    }
    free(*data);
    *data = small;
    *len = small_len;
    return BP_OK;
}

static void close_pdf(pdf_out *o)
{
    bp_pdf_streams_free(o->streams);
    bp_deflater_free(o->deflater);
    bp_buf_free(&o->content);
    for (size_t i = 0; i < o->finished.len; i++)
        bp_buf_free(&o->finished.items[i].body);
    BP_VEC_FREE(o->finished);
    if (o->pdf)
        HPDF_Free(o->pdf);
    for (size_t i = 0; i < o->n_uses; i++) {
        free(o->uses[i].bmp);
        BP_VEC_FREE(o->uses[i].astral);
        bp_pdf_font_free(o->uses[i].font);
    }
    free(o->uses);
    free(o->use_of_face);
    free(o->pages);
    free(o->dests);
    free(o->images);
    bp_tags_free(o->tags);
    bp_arena_free(&o->scratch);
}

bp_status bp_render_pdf_to_memory(const bp_doc *doc, bp_fonts *fonts, unsigned char **data,
                                  size_t *len)
{
    bp_status status = BP_OK;
    pdf_out o = {.doc = doc, .fonts = fonts};
    *data = NULL;
    *len = 0;
    if (doc->n_pages == 0) {
        report(doc, BP_ERROR, "pdf-write", BP_LOC_NONE,
               "cannot write the PDF: the document has no pages");
        return BP_ERR_ENV;
    }
    BP_TRY(open_pdf(&o));
    o.deflater = bp_deflater_new();
    o.streams = bp_pdf_streams_new(o.deflater);
    BP_TRY(collect_fonts(&o));
    BP_TRY(load_fonts(&o));
    BP_TRY(add_pages(&o));
    o.tags = doc->opts && doc->opts->no_tags ? NULL : bp_tags_new(doc);
    for (size_t i = 0; i < doc->n_pages; i++) {
        BP_TRY(draw_page(&o, i));
        hand_over_content(&o, i);
    }
    if (o.tags && !bp_tags_prepare(o.tags, o.pdf, o.pages, doc->n_pages))
        BP_TRY(check_hpdf(&o, "pdf-write", "cannot write the document structure"));
    BP_TRY(add_links(&o));
    BP_TRY(add_outline(&o));
    BP_TRY(set_info(&o));
    BP_TRY(save_to_memory(&o, data, len));
    /* libharu's objects are no longer needed: freed before the rewrite,
     * which holds the file twice. */
    HPDF_Free(o.pdf);
    o.pdf = NULL;
    BP_TRY(compact(&o, data, len));
done:
    close_pdf(&o);
    return status;
}

bp_status bp_render_write(const bp_doc *doc, const char *out_path, const unsigned char *data,
                          size_t len)
{
    int err = bp_file_write_atomic(out_path, data, len);
    if (!err)
        return BP_OK;
    report(doc, BP_ERROR, "output-unwritable", BP_LOC_NONE, "cannot write %s: %s", out_path,
           strerror(err));
    return BP_ERR_ENV;
}

bp_status bp_render_pdf(const bp_doc *doc, bp_fonts *fonts, const char *out_path)
{
    unsigned char *data = NULL;
    size_t len = 0;
    bp_status status = bp_render_pdf_to_memory(doc, fonts, &data, &len);
    if (status == BP_OK)
        status = bp_render_write(doc, out_path, data, len);
    free(data);
    return status;
}
