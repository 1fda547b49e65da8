#include "diag.h"

#include "arena.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *severity_name(bp_severity s)
{
    switch (s) {
    case BP_NOTE: return "note";
    case BP_WARNING: return "warning";
    case BP_ERROR: return "error";
    }
    return "error";
}

static int is_repeat(const bp_diag_sink *s, const bp_diag *d)
{
    for (size_t i = s->len; i-- > 0;) {
        const bp_diag *o = &s->items[i];
        if (o->loc.line == d->loc.line && o->loc.col == d->loc.col &&
            strcmp(o->code, d->code) == 0 && strcmp(o->message, d->message) == 0 &&
            (o->loc.file == d->loc.file ||
             (o->loc.file && d->loc.file && strcmp(o->loc.file, d->loc.file) == 0)))
            return 1;
    }
    return 0;
}

void bp_diag_emit(bp_diag_sink *s, bp_severity sev, const char *code, bp_loc loc,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = bp_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);

    bp_diag d = {sev, loc, bp_xstrdup(code), msg};
    if (is_repeat(s, &d)) {
        free(d.code);
        free(d.message);
        return;
    }
    /* The sink outlives the document whose arena holds file names. */
    if (loc.file)
        d.loc.file = bp_xstrdup(loc.file);
    if (s->len == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->items = bp_xrealloc(s->items, s->cap * sizeof(*s->items));
    }
    s->items[s->len++] = d;
    if (sev == BP_ERROR)
        s->n_errors++;
    else if (sev == BP_WARNING)
        s->n_warnings++;
}

/* ANSI SGR sequences, the colours GCC uses for the same words. */
static const char *severity_colour(bp_severity s)
{
    switch (s) {
    case BP_NOTE: return "\033[1;36m";
    case BP_WARNING: return "\033[1;35m";
    case BP_ERROR: return "\033[1;31m";
    }
    return "";
}

void bp_diag_print_styled(const bp_diag_sink *s, FILE *out, int colour)
{
    const char *bold = colour ? "\033[1m" : "", *reset = colour ? "\033[0m" : "";
    for (size_t i = 0; i < s->len; i++) {
        const bp_diag *d = &s->items[i];
        if (d->loc.file)
            fprintf(out, "%s%s:%u:%u:%s ", bold, d->loc.file, d->loc.line, d->loc.col, reset);
        else
            fprintf(out, "%sbriefpress:%s ", bold, reset);
        fprintf(out, "%s%s:%s %s [%s]\n", colour ? severity_colour(d->severity) : "",
                severity_name(d->severity), reset, d->message, d->code);
    }
}

void bp_diag_print(const bp_diag_sink *s, FILE *out) { bp_diag_print_styled(s, out, 0); }

void bp_diag_sink_free(bp_diag_sink *s)
{
    for (size_t i = 0; i < s->len; i++) {
        free((char *)s->items[i].loc.file);
        free(s->items[i].code);
        free(s->items[i].message);
    }
    free(s->items);
    memset(s, 0, sizeof(*s));
}
