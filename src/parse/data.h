/*
 * parse/data.h — reading data files that generated content is built from.
 *
 * Like the document, data files are read by the parser module (the only
 * one that talks to libxml2): parsed without network access, validated
 * against their RELAX NG schema, and reported with file:line:col.
 */
#ifndef BP_PARSE_DATA_H
#define BP_PARSE_DATA_H

#include "doc.h"
#include "tree/memberships.h"

/* Reads and validates a membership data file. `from` is where the document
 * asked for it (for diagnostics about the file itself). Arena-owned result;
 * NULL with diagnostics when the file cannot be read or is invalid. */
bp_memberships *bp_parse_memberships(bp_doc *doc, const char *path, bp_loc from);

#endif
