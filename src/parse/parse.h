/*
 * parse/parse.h — DocBook XML → the project's document tree.
 *
 * The only module that talks to libxml2. It parses with SAX2 so that every
 * element gets its line *and* column, never touches the network
 * (XML_PARSE_NONET), never expands external entities, and performs XInclude
 * itself so included content keeps its own file:line:col.
 */
#ifndef BP_PARSE_PARSE_H
#define BP_PARSE_PARSE_H

#include "doc.h"

/* Parses doc->path into doc->root. Malformed XML is an error diagnostic and
 * BP_ERR_INPUT; an unreadable file is BP_ERR_ENV. */
bp_status bp_parse(bp_doc *doc);

/* Parses an in-memory buffer as if it were the file `name` (tests, fuzzing).
 * XIncludes resolve relative to `name`. */
bp_status bp_parse_memory(bp_doc *doc, const char *name, const char *data, size_t len);

#endif
