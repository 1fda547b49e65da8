/*
 * layout/generated.c — content the style sheet adds: CSS counters
 * (counter-reset, counter-increment, counter(), counters()), ::before and
 * ::after, and string-set marks for running heads.
 *
 * Counters follow CSS scoping: counter-reset opens a new instance owned by
 * the element, visible to it and what follows inside it; leaving the
 * element closes it. counter-increment changes the innermost instance (and
 * creates one at the outermost level if there is none).
 */
#include "layout_internal.h"

#include "base/utf8.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static struct counter *innermost(lctx *c, const char *name)
{
    for (size_t i = c->n_counters; i-- > 0;)
        if (strcmp(c->counters[i].name, name) == 0)
            return &c->counters[i];
    return NULL;
}

static void push_counter(lctx *c, const char *name, int value, const bp_node *owner)
{
    if (c->n_counters == c->cap_counters) {
        c->cap_counters = c->cap_counters ? c->cap_counters * 2 : 16;
        c->counters = bp_xrealloc(c->counters, c->cap_counters * sizeof(*c->counters));
    }
    c->counters[c->n_counters++] = (struct counter){name, value, owner};
}

void counters_enter(lctx *c, const bp_node *n, const bp_style *s)
{
    if (c->in_toc)
        return;
    for (size_t i = 0; i < s->n_resets; i++)
        push_counter(c, s->resets[i].name, s->resets[i].value, n);
    for (size_t i = 0; i < s->n_increments; i++) {
        struct counter *k = innermost(c, s->increments[i].name);
        if (!k) {
            push_counter(c, s->increments[i].name, 0, NULL);
            k = &c->counters[c->n_counters - 1];
        }
        k->value += s->increments[i].value;
    }
}

void counters_leave(lctx *c, const bp_node *n)
{
    if (c->in_toc)
        return;
    while (c->n_counters > 0 && c->counters[c->n_counters - 1].owner == n)
        c->n_counters--;
}

static void roman(bp_buf *b, int v, bool upper)
{
    static const struct {
        int value;
        const char *lower, *upper;
    } digits[] = {{1000, "m", "M"}, {900, "cm", "CM"}, {500, "d", "D"}, {400, "cd", "CD"},
                  {100, "c", "C"},  {90, "xc", "XC"},  {50, "l", "L"},  {40, "xl", "XL"},
                  {10, "x", "X"},   {9, "ix", "IX"},   {5, "v", "V"},   {4, "iv", "IV"},
                  {1, "i", "I"}};
    for (size_t i = 0; i < sizeof digits / sizeof digits[0]; i++)
        while (v >= digits[i].value) {
            bp_buf_puts(b, upper ? digits[i].upper : digits[i].lower);
            v -= digits[i].value;
        }
}

/* A counter value in a CSS list-style-type. */
static void format_counter(bp_buf *b, int v, const char *style)
{
    if (style && (strcmp(style, "lower-roman") == 0 || strcmp(style, "upper-roman") == 0) &&
        v > 0 && v < 4000) {
        roman(b, v, style[0] == 'u');
    } else if (style && (strcmp(style, "lower-alpha") == 0 || strcmp(style, "upper-alpha") == 0 ||
                         strcmp(style, "lower-latin") == 0 || strcmp(style, "upper-latin") == 0) &&
               v > 0) {
        char tmp[16];
        int n = 0;
        for (int x = v; x > 0 && n < 15; x = (x - 1) / 26)
            tmp[n++] = (char)((style[0] == 'u' ? 'A' : 'a') + (x - 1) % 26);
        while (n > 0)
            bp_buf_putc(b, tmp[--n]);
    } else {
        bp_buf_printf(b, "%d", v);
    }
}

const char *content_text(lctx *c, const bp_node *n, const bp_content *content)
{
    bp_buf b = {0};
    for (size_t i = 0; content && i < content->n; i++) {
        const bp_content_item *it = &content->items[i];
        switch (it->kind) {
        case BP_CONTENT_STRING:
            bp_buf_puts(&b, it->text);
            break;
        case BP_CONTENT_COUNTER: {
            const struct counter *k = innermost(c, it->text);
            format_counter(&b, k ? k->value : 0, it->numbering);
            break;
        }
        case BP_CONTENT_COUNTERS: {
            bool first = true;
            for (size_t j = 0; j < c->n_counters; j++)
                if (strcmp(c->counters[j].name, it->text) == 0) {
                    if (!first)
                        bp_buf_puts(&b, it->sep);
                    format_counter(&b, c->counters[j].value, it->numbering);
                    first = false;
                }
            if (first)
                bp_buf_puts(&b, "0");
            break;
        }
        case BP_CONTENT_ATTR: {
            const char *v = n ? bp_node_attr(n, it->text) : NULL;
            if (v)
                bp_buf_puts(&b, v);
            break;
        }
        case BP_CONTENT_TEXT:
            if (n)
                bp_buf_puts(&b, bp_node_text(c->a, n));
            break;
        case BP_CONTENT_NAMED:
            break; /* running strings exist only in page margin boxes */
        }
    }
    const char *s = bp_arena_strdup(c->a, bp_buf_str(&b));
    bp_buf_free(&b);
    return s;
}

void pseudo_runs(lctx *c, const bp_node *n, const bp_style *s, const char *pseudo, run_list *out)
{
    const bp_style *ps = bp_style_pseudo(c->doc, n, s, pseudo);
    if (!ps || ps->hidden)
        return;
    counters_enter(c, NULL, ps);
    const char *text = content_text(c, n, ps->content);
    if (*text)
        add_text_run(c, out, text, ps, n);
}

void string_mark(lctx *c, bp_vbox *box, const bp_node *n, const bp_style *s)
{
    if (!s->string_name || !box)
        return;
    box->mark_name = s->string_name;
    box->mark_value = content_text(c, n, s->string_value);
}
