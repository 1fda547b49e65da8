/*
 * export/export.c — serialising the tree as DocBook 5 XML.
 *
 * Elements keep their names and attributes (xml:id, xlink:href …), text is
 * escaped, processing instructions other than the ones briefpress has
 * already carried out are kept. Comments were not kept by the parser.
 */
#include "export.h"

#include "base/buf.h"
#include "base/file.h"

#include <errno.h>
#include <string.h>

#define DOCBOOK_NS "http://docbook.org/ns/docbook"
#define XLINK_NS "http://www.w3.org/1999/xlink"

static void escape(bp_buf *b, const char *s, bool attr)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': bp_buf_puts(b, "&amp;"); break;
        case '<': bp_buf_puts(b, "&lt;"); break;
        case '>': bp_buf_puts(b, "&gt;"); break;
        case '"':
            if (attr) {
                bp_buf_puts(b, "&quot;");
                break;
            }
            bp_buf_putc(b, *s);
            break;
        default: bp_buf_putc(b, *s); break;
        }
    }
}

static bool uses_xlink(const bp_node *root)
{
    for (const bp_node *n = root; n; n = bp_node_next_in(root, n))
        for (const bp_attr *a = n->attrs; a; a = a->next)
            if (strncmp(a->name, "xlink:", 6) == 0)
                return true;
    return false;
}

static void write_node(bp_buf *b, const bp_node *n, const bp_node *root)
{
    if (n->kind == BP_NODE_TEXT) {
        escape(b, n->text, false);
        return;
    }
    if (n->kind == BP_NODE_PI) {
        bp_buf_printf(b, "<?%s%s%s?>", n->name, n->text[0] ? " " : "", n->text);
        return;
    }
    bp_buf_printf(b, "<%s", n->name);
    if (n == root) {
        bp_buf_puts(b, " xmlns=\"" DOCBOOK_NS "\"");
        if (uses_xlink(root))
            bp_buf_puts(b, " xmlns:xlink=\"" XLINK_NS "\"");
    }
    for (const bp_attr *a = n->attrs; a; a = a->next) {
        if (strcmp(a->name, "xmlns") == 0 || strncmp(a->name, "xmlns:", 6) == 0)
            continue;
        bp_buf_printf(b, " %s=\"", a->name);
        escape(b, a->value, true);
        bp_buf_putc(b, '"');
    }
    if (n == root && !bp_node_attr(n, "version"))
        bp_buf_puts(b, " version=\"5.0\"");
    if (!n->first_child) {
        bp_buf_puts(b, "/>");
        return;
    }
    bp_buf_putc(b, '>');
    for (const bp_node *c = n->first_child; c; c = c->next)
        write_node(b, c, root);
    bp_buf_printf(b, "</%s>", n->name);
}

bp_status bp_export_docbook(const bp_doc *doc, const char *out_path)
{
    bp_buf b = {0};
    bp_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    write_node(&b, doc->root, doc->root);
    bp_buf_putc(&b, '\n');
    int err = bp_file_write_atomic(out_path, b.data, b.len);
    bp_buf_free(&b);
    if (err) {
        bp_diag_emit(doc->diags, BP_ERROR, "output-unwritable", BP_LOC_NONE, "cannot write %s: %s",
                     out_path, strerror(err));
        return BP_ERR_ENV;
    }
    return BP_OK;
}
