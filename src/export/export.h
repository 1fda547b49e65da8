/*
 * export/export.h — the document as plain DocBook 5, generated parts
 * expanded, for other DocBook toolchains.
 *
 * In:  the tree after expand (and before resolve, which adds generated
 *      citation text that is not part of the source).
 * Out: a DocBook 5 file, written atomically.
 */
#ifndef BP_EXPORT_EXPORT_H
#define BP_EXPORT_EXPORT_H

#include "doc.h"

bp_status bp_export_docbook(const bp_doc *doc, const char *out_path);

#endif
