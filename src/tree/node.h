/*
 * tree/node.h — the project's own document tree.
 *
 * The parser builds it from DocBook (4 or 5) XML; every later stage reads it.
 * Each node knows where in the source it came from (bp_loc), so any stage
 * can point a diagnostic back at file:line:col. Nodes and their strings live
 * in the document arena.
 */
#ifndef BP_TREE_NODE_H
#define BP_TREE_NODE_H

#include "base/arena.h"
#include "base/diag.h"

#include <stdbool.h>

/* X(kind, element-name, flags) — the DocBook elements briefpress knows. */
#define BP_NODE_KINDS(X)                                                            \
    X(ARTICLE, "article", BP_K_BLOCK)                                              \
    X(BOOK, "book", BP_K_BLOCK)                                                    \
    X(CHAPTER, "chapter", BP_K_BLOCK | BP_K_DIVISION)                              \
    X(SECTION, "section", BP_K_BLOCK | BP_K_DIVISION)                              \
    X(SECT1, "sect1", BP_K_BLOCK | BP_K_DIVISION)                                  \
    X(SECT2, "sect2", BP_K_BLOCK | BP_K_DIVISION)                                  \
    X(SECT3, "sect3", BP_K_BLOCK | BP_K_DIVISION)                                  \
    X(SECT4, "sect4", BP_K_BLOCK | BP_K_DIVISION)                                  \
    X(SECT5, "sect5", BP_K_BLOCK | BP_K_DIVISION)                                  \
    X(SIMPLESECT, "simplesect", BP_K_BLOCK | BP_K_DIVISION)                        \
    X(PART, "part", BP_K_BLOCK | BP_K_DIVISION)                                    \
    X(PREFACE, "preface", BP_K_BLOCK | BP_K_DIVISION)                              \
    X(DEDICATION, "dedication", BP_K_BLOCK | BP_K_DIVISION)                        \
    X(COLOPHON, "colophon", BP_K_BLOCK | BP_K_DIVISION)                            \
    X(GLOSSARY, "glossary", BP_K_BLOCK | BP_K_DIVISION)                            \
    X(GLOSSDIV, "glossdiv", BP_K_BLOCK | BP_K_DIVISION)                            \
    X(QANDADIV, "qandadiv", BP_K_BLOCK | BP_K_DIVISION)                            \
    X(PARTINTRO, "partintro", BP_K_BLOCK)                                          \
    X(GLOSSENTRY, "glossentry", BP_K_BLOCK)                                        \
    X(GLOSSTERM, "glossterm", BP_K_INLINE)                                         \
    X(GLOSSDEF, "glossdef", BP_K_BLOCK)                                            \
    X(GLOSSSEE, "glosssee", BP_K_BLOCK)                                            \
    X(GLOSSSEEALSO, "glossseealso", BP_K_BLOCK)                                    \
    X(QANDASET, "qandaset", BP_K_BLOCK)                                            \
    X(QANDAENTRY, "qandaentry", BP_K_BLOCK)                                        \
    X(QUESTION, "question", BP_K_BLOCK)                                            \
    X(ANSWER, "answer", BP_K_BLOCK)                                                \
    X(EQUATION, "equation", BP_K_BLOCK)                                            \
    X(INFORMALEQUATION, "informalequation", BP_K_BLOCK)                            \
    X(MATHPHRASE, "mathphrase", BP_K_INLINE)                                       \
    X(ADDRESS_BLOCK, "address", BP_K_BLOCK | BP_K_VERBATIM)                        \
    X(SIDEBAR, "sidebar", BP_K_BLOCK)                                              \
    X(EXAMPLE, "example", BP_K_BLOCK)                                              \
    X(INFORMALEXAMPLE, "informalexample", BP_K_BLOCK)                              \
    X(WARNING_BLOCK, "warning", BP_K_BLOCK)                                        \
    X(CAUTION, "caution", BP_K_BLOCK)                                              \
    X(IMPORTANT, "important", BP_K_BLOCK)                                          \
    X(TIP, "tip", BP_K_BLOCK)                                                      \
    X(EPIGRAPH, "epigraph", BP_K_BLOCK)                                            \
    X(SIMPLELIST, "simplelist", BP_K_BLOCK)                                        \
    X(MEMBER, "member", BP_K_BLOCK)                                                \
    X(APPENDIX, "appendix", BP_K_BLOCK | BP_K_DIVISION)                            \
    X(BIBLIOGRAPHY, "bibliography", BP_K_BLOCK | BP_K_DIVISION)                    \
    X(INFO, "info", BP_K_META)                                                     \
    X(ARTICLEINFO, "articleinfo", BP_K_META)                                       \
    X(BOOKINFO, "bookinfo", BP_K_META)                                             \
    X(SECTIONINFO, "sectioninfo", BP_K_META)                                       \
    X(TITLE, "title", BP_K_BLOCK)                                                  \
    X(SUBTITLE, "subtitle", BP_K_BLOCK)                                            \
    X(TITLEABBREV, "titleabbrev", BP_K_META)                                       \
    X(AUTHOR, "author", BP_K_META)                                                 \
    X(CORPAUTHOR, "corpauthor", BP_K_META)                                         \
    X(AUTHORGROUP, "authorgroup", BP_K_META)                                       \
    X(EDITOR, "editor", BP_K_META)                                                 \
    X(ORGNAME, "orgname", BP_K_INLINE)                                             \
    X(PERSONNAME, "personname", BP_K_INLINE)                                       \
    X(FIRSTNAME, "firstname", BP_K_INLINE)                                         \
    X(SURNAME, "surname", BP_K_INLINE)                                             \
    X(GIVENNAME, "givenname", BP_K_INLINE)                                         \
    X(FIGURE, "figure", BP_K_BLOCK)                                                \
    X(INFORMALFIGURE, "informalfigure", BP_K_BLOCK)                                \
    X(MEDIAOBJECT, "mediaobject", BP_K_BLOCK)                                      \
    X(IMAGEOBJECT, "imageobject", BP_K_META)                                       \
    X(IMAGEDATA, "imagedata", BP_K_META)                                           \
    X(TEXTOBJECT, "textobject", BP_K_BLOCK)                                        \
    X(CAPTION, "caption", BP_K_BLOCK)                                              \
    X(PUBDATE, "pubdate", BP_K_META)                                               \
    X(DATE, "date", BP_K_META)                                                     \
    X(PUBLISHER, "publisher", BP_K_META)                                           \
    X(PUBLISHERNAME, "publishername", BP_K_INLINE)                                 \
    X(KEYWORDSET, "keywordset", BP_K_META)                                         \
    X(KEYWORD, "keyword", BP_K_META)                                               \
    X(SUBJECTSET, "subjectset", BP_K_META)                                         \
    X(COPYRIGHT, "copyright", BP_K_META)                                           \
    X(LEGALNOTICE, "legalnotice", BP_K_META)                                       \
    X(RELEASEINFO, "releaseinfo", BP_K_META)                                       \
    X(REVHISTORY, "revhistory", BP_K_META)                                         \
    X(ABSTRACT, "abstract", BP_K_BLOCK)                                            \
    X(PARA, "para", BP_K_BLOCK)                                                    \
    X(SIMPARA, "simpara", BP_K_BLOCK)                                              \
    X(FORMALPARA, "formalpara", BP_K_BLOCK)                                        \
    X(ITEMIZEDLIST, "itemizedlist", BP_K_BLOCK)                                    \
    X(ORDEREDLIST, "orderedlist", BP_K_BLOCK)                                      \
    X(LISTITEM, "listitem", BP_K_BLOCK)                                            \
    X(VARIABLELIST, "variablelist", BP_K_BLOCK)                                    \
    X(VARLISTENTRY, "varlistentry", BP_K_BLOCK)                                    \
    X(TERM, "term", BP_K_BLOCK)                                                    \
    X(BLOCKQUOTE, "blockquote", BP_K_BLOCK)                                        \
    X(ATTRIBUTION, "attribution", BP_K_BLOCK)                                      \
    X(NOTE, "note", BP_K_BLOCK)                                                    \
    X(PROGRAMLISTING, "programlisting", BP_K_BLOCK | BP_K_VERBATIM)                \
    X(SCREEN, "screen", BP_K_BLOCK | BP_K_VERBATIM)                                \
    X(LITERALLAYOUT, "literallayout", BP_K_BLOCK | BP_K_VERBATIM)                  \
    X(TABLE, "table", BP_K_BLOCK)                                                  \
    X(INFORMALTABLE, "informaltable", BP_K_BLOCK)                                  \
    X(TGROUP, "tgroup", BP_K_BLOCK)                                                \
    X(COLSPEC, "colspec", BP_K_META)                                               \
    X(THEAD, "thead", BP_K_BLOCK)                                                  \
    X(TBODY, "tbody", BP_K_BLOCK)                                                  \
    X(TFOOT, "tfoot", BP_K_BLOCK)                                                  \
    X(ROW, "row", BP_K_BLOCK)                                                      \
    X(TR, "tr", BP_K_BLOCK)                                                        \
    X(TD, "td", BP_K_BLOCK)                                                        \
    X(TH, "th", BP_K_BLOCK)                                                        \
    X(COL, "col", BP_K_META)                                                       \
    X(COLGROUP, "colgroup", BP_K_META)                                             \
    X(ENTRY, "entry", BP_K_BLOCK)                                                  \
    X(BIBLIOENTRY, "biblioentry", BP_K_BLOCK)                                      \
    X(BIBLIOMIXED, "bibliomixed", BP_K_BLOCK)                                      \
    X(BIBLIOMISC, "bibliomisc", BP_K_INLINE)                                       \
    X(ABBREV, "abbrev", BP_K_INLINE)                                               \
    X(FOOTNOTE, "footnote", BP_K_INLINE)                                           \
    X(FOOTNOTEREF, "footnoteref", BP_K_INLINE)                                     \
    X(XREF, "xref", BP_K_INLINE)                                                   \
    X(LINK, "link", BP_K_INLINE)                                                   \
    X(ULINK, "ulink", BP_K_INLINE)                                                 \
    X(BIBLIOREF, "biblioref", BP_K_INLINE)                                         \
    X(CITATION, "citation", BP_K_INLINE)                                           \
    X(CITETITLE, "citetitle", BP_K_INLINE)                                         \
    X(EMPHASIS, "emphasis", BP_K_INLINE)                                           \
    X(QUOTE, "quote", BP_K_INLINE)                                                 \
    X(PHRASE, "phrase", BP_K_INLINE)                                               \
    X(ACRONYM, "acronym", BP_K_INLINE)                                             \
    X(LITERAL, "literal", BP_K_INLINE)                                             \
    X(CODE, "code", BP_K_INLINE)                                                   \
    X(FILENAME, "filename", BP_K_INLINE)                                           \
    X(SUPERSCRIPT, "superscript", BP_K_INLINE)                                     \
    X(SUBSCRIPT, "subscript", BP_K_INLINE)                                         \
    X(ANCHOR, "anchor", BP_K_INLINE)                                               \
    X(INDEXTERM, "indexterm", BP_K_META)                                           \
    X(REMARK, "remark", BP_K_META)                                                 \
    X(EMAIL_EL, "email", BP_K_INLINE)                                               \
    X(URI_EL, "uri", BP_K_INLINE)                                                   \
    X(COMMAND_EL, "command", BP_K_INLINE)                                           \
    X(OPTION_EL, "option", BP_K_INLINE)                                             \
    X(REPLACEABLE_EL, "replaceable", BP_K_INLINE)                                   \
    X(USERINPUT_EL, "userinput", BP_K_INLINE)                                       \
    X(COMPUTEROUTPUT_EL, "computeroutput", BP_K_INLINE)                             \
    X(VARNAME_EL, "varname", BP_K_INLINE)                                           \
    X(FUNCTION_EL, "function", BP_K_INLINE)                                         \
    X(PARAMETER_EL, "parameter", BP_K_INLINE)                                       \
    X(CLASSNAME_EL, "classname", BP_K_INLINE)                                       \
    X(SYSTEMITEM_EL, "systemitem", BP_K_INLINE)                                     \
    X(APPLICATION_EL, "application", BP_K_INLINE)                                   \
    X(PRODUCTNAME_EL, "productname", BP_K_INLINE)                                   \
    X(TRADEMARK_EL, "trademark", BP_K_INLINE)                                       \
    X(WORDASWORD_EL, "wordasword", BP_K_INLINE)                                     \
    X(FOREIGNPHRASE_EL, "foreignphrase", BP_K_INLINE)                               \
    X(FIRSTTERM_EL, "firstterm", BP_K_INLINE)                                       \
    X(SGMLTAG_EL, "sgmltag", BP_K_INLINE)                                           \
    X(TAG_EL, "tag", BP_K_INLINE)                                                   \
    X(KEYCAP_EL, "keycap", BP_K_INLINE)                                             \
    X(KEYCOMBO_EL, "keycombo", BP_K_INLINE)                                         \
    X(GUIMENU_EL, "guimenu", BP_K_INLINE)                                           \
    X(GUIMENUITEM_EL, "guimenuitem", BP_K_INLINE)                                   \
    X(GUISUBMENU_EL, "guisubmenu", BP_K_INLINE)                                     \
    X(GUIBUTTON_EL, "guibutton", BP_K_INLINE)                                       \
    X(GUILABEL_EL, "guilabel", BP_K_INLINE)                                         \
    X(MENUCHOICE_EL, "menuchoice", BP_K_INLINE)                                     \
    X(ENVAR_EL, "envar", BP_K_INLINE)                                               \
    X(PROMPT_EL, "prompt", BP_K_INLINE)                                             \
    X(MARKUP_EL, "markup", BP_K_INLINE)                                             \
    X(SYMBOL_EL, "symbol", BP_K_INLINE)                                             \
    X(TOKEN_EL, "token", BP_K_INLINE)                                               \
    X(TYPE_EL, "type", BP_K_INLINE)                                                 \
    X(CONSTANT_EL, "constant", BP_K_INLINE)                                         \
    X(DATABASE_EL, "database", BP_K_INLINE)                                         \
    X(ERRORCODE_EL, "errorcode", BP_K_INLINE)                                       \
    X(ERRORNAME_EL, "errorname", BP_K_INLINE)                                       \
    X(ERRORTYPE_EL, "errortype", BP_K_INLINE)                                       \
    X(CITEREFENTRY_EL, "citerefentry", BP_K_INLINE)                                 \
    X(REFENTRYTITLE_EL, "refentrytitle", BP_K_INLINE)                               \
    X(MANVOLNUM_EL, "manvolnum", BP_K_INLINE)                                       \
    X(INLINEMEDIAOBJECT_EL, "inlinemediaobject", BP_K_INLINE)                       \
    X(LINEANNOTATION_EL, "lineannotation", BP_K_INLINE)                             \
    X(ORGDIV_EL, "orgdiv", BP_K_INLINE)                                             \
    X(JOBTITLE_EL, "jobtitle", BP_K_INLINE)                                         \
    X(HONORIFIC_EL, "honorific", BP_K_INLINE)                                       \
    X(LINEAGE_EL, "lineage", BP_K_INLINE)                                           \
    X(OTHERNAME_EL, "othername", BP_K_INLINE)                                       \
    X(CONTRIB_EL, "contrib", BP_K_INLINE)                                           \
    X(EDITION_EL, "edition", BP_K_INLINE)                                           \
    X(VOLUMENUM_EL, "volumenum", BP_K_INLINE)                                       \
    X(ISSUENUM_EL, "issuenum", BP_K_INLINE)                                         \
    X(PAGENUMS_EL, "pagenums", BP_K_INLINE)                                         \
    X(ISBN_EL, "isbn", BP_K_INLINE)                                                 \
    X(ISSN_EL, "issn", BP_K_INLINE)                                                 \
    X(BIBLIOID_EL, "biblioid", BP_K_INLINE)                                         \
    X(PRODUCTNUMBER_EL, "productnumber", BP_K_INLINE)                               \
    X(PACKAGE_EL, "package", BP_K_INLINE)                                           \
    X(PROPERTY_EL, "property", BP_K_INLINE)                                         \
    X(METHODNAME_EL, "methodname", BP_K_INLINE)                                     \
    X(INTERFACENAME_EL, "interfacename", BP_K_INLINE)                               \
    X(EXCEPTIONNAME_EL, "exceptionname", BP_K_INLINE)                               \
    X(OOCLASS_EL, "ooclass", BP_K_INLINE)                                           \
    X(RETURNVALUE_EL, "returnvalue", BP_K_INLINE)                                   \
    X(STRUCTNAME_EL, "structname", BP_K_INLINE)                                     \
    X(STRUCTFIELD_EL, "structfield", BP_K_INLINE)                                   \
    X(CHAPTERINFO_EL, "chapterinfo", BP_K_META)                                     \
    X(APPENDIXINFO_EL, "appendixinfo", BP_K_META)                                   \
    X(PREFACEINFO_EL, "prefaceinfo", BP_K_META)                                     \
    X(PARTINFO_EL, "partinfo", BP_K_META)                                           \
    X(SECT1INFO_EL, "sect1info", BP_K_META)                                         \
    X(SECT2INFO_EL, "sect2info", BP_K_META)                                         \
    X(SECT3INFO_EL, "sect3info", BP_K_META)                                         \
    X(SECT4INFO_EL, "sect4info", BP_K_META)                                         \
    X(SECT5INFO_EL, "sect5info", BP_K_META)                                         \
    X(REFENTRYINFO_EL, "refentryinfo", BP_K_META)                                   \
    X(REFSECT1INFO_EL, "refsect1info", BP_K_META)                                   \
    X(SETINFO_EL, "setinfo", BP_K_META)                                             \
    X(GLOSSARYINFO_EL, "glossaryinfo", BP_K_META)                                   \
    X(BIBLIOGRAPHYINFO_EL, "bibliographyinfo", BP_K_META)                           \
    X(OBJECTINFO_EL, "objectinfo", BP_K_META)                                       \
    X(BLOCKINFO_EL, "blockinfo", BP_K_META)                                         \
    X(OTHERCREDIT_EL, "othercredit", BP_K_META)                                     \
    X(AFFILIATION_EL, "affiliation", BP_K_META)                                     \
    X(AUTHORBLURB_EL, "authorblurb", BP_K_META)                                     \
    X(PERSONBLURB_EL, "personblurb", BP_K_META)                                     \
    X(PRINTHISTORY_EL, "printhistory", BP_K_META)                                   \
    X(ARTPAGENUMS_EL, "artpagenums", BP_K_META)                                     \
    X(BIBLIOSET_EL, "biblioset", BP_K_META)                                         \
    X(BIBLIORELATION_EL, "bibliorelation", BP_K_META)                               \
    X(COLLAB_EL, "collab", BP_K_META)                                               \
    X(CONFGROUP_EL, "confgroup", BP_K_META)                                         \
    X(INVPARTNUMBER_EL, "invpartnumber", BP_K_META)                                 \
    X(MODESPEC_EL, "modespec", BP_K_META)                                           \
    X(SUBJECT_EL, "subject", BP_K_META)                                             \
    X(SUBJECTTERM_EL, "subjectterm", BP_K_META)                                     \
    X(COVER_EL, "cover", BP_K_META)                                                 \
    X(AUTHORINITIALS_EL, "authorinitials", BP_K_META)                               \
    X(REVISION_EL, "revision", BP_K_META)                                           \
    X(REVNUMBER_EL, "revnumber", BP_K_META)                                         \
    X(REVREMARK_EL, "revremark", BP_K_META)                                         \
    X(REVDESCRIPTION_EL, "revdescription", BP_K_META)                               \
    X(MEDIAOBJECTCO_EL, "mediaobjectco", BP_K_META)                                 \
    X(IMAGEOBJECTCO_EL, "imageobjectco", BP_K_META)                                 \
    X(AREASPEC_EL, "areaspec", BP_K_META)                                           \
    X(VIDEOOBJECT_EL, "videoobject", BP_K_META)                                     \
    X(AUDIOOBJECT_EL, "audioobject", BP_K_META)                                     \
    X(VIDEODATA_EL, "videodata", BP_K_META)                                         \
    X(AUDIODATA_EL, "audiodata", BP_K_META)                                         \
    X(ALT_EL, "alt", BP_K_META)                                                     \
    X(PI, "#pi", BP_K_META) /* a processing instruction: name = target, text = data */

enum {
    BP_K_BLOCK = 1u << 0,    /* starts its own block in layout */
    BP_K_INLINE = 1u << 1,   /* flows within a paragraph */
    BP_K_META = 1u << 2,     /* metadata: not set as running text where it stands */
    BP_K_DIVISION = 1u << 3, /* numbered, titled division: goes in TOC and bookmarks */
    BP_K_VERBATIM = 1u << 4, /* whitespace and line breaks kept */
};

typedef enum bp_node_kind {
    BP_NODE_TEXT,
    BP_NODE_UNKNOWN, /* an element briefpress does not know: its text is still set */
#define BP_X_ENUM(kind, name, flags) BP_NODE_##kind,
    BP_NODE_KINDS(BP_X_ENUM)
#undef BP_X_ENUM
    BP_NODE_KIND_COUNT
} bp_node_kind;

typedef struct bp_attr {
    const char *name; /* local name; "xml:id", "xml:lang", "xlink:href" keep their prefix */
    const char *value;
    struct bp_attr *next;
} bp_attr;

typedef struct bp_node bp_node;
struct bp_node {
    bp_node *parent, *first_child, *last_child, *prev, *next;
    bp_node_kind kind;
    const char *name; /* element local name ("#text" for text) */
    bp_loc loc;       /* where the element's start tag (or the text) begins */
    bp_attr *attrs;
    const char *text; /* TEXT only: the characters, UTF-8 */

    /* Written by resolve. */
    const char *label;   /* division/table number ("2.1", "A", "A.1"), footnote number */
    const char *gentext; /* generated text: xref, biblioref, citation */
    bp_node *target;     /* xref/link/biblioref/citation/footnoteref target */
    const char *anchor;  /* id links and bookmarks use: xml:id, or a generated one */
    int level;           /* divisions: nesting depth, 1 = top level */
    int ordinal;         /* footnotes: number; citations: position among citations */
    const struct bp_image *image; /* imagedata: the checked file (base/image.h) */

    /* Written by style: the last computed style and the parent style it was
     * computed from (a memo: the same element is styled several times by
     * layout, always from the same parent within one pass). */
    const struct bp_style *style_memo, *style_memo_parent;
};

bp_node_kind bp_node_kind_from_name(const char *name);
const char *bp_node_kind_name(bp_node_kind kind);
unsigned bp_node_kind_flags(bp_node_kind kind);
static inline bool bp_node_is(const bp_node *n, unsigned flags)
{
    return (bp_node_kind_flags(n->kind) & flags) != 0;
}

bp_node *bp_node_make(bp_arena *a, bp_node_kind kind, const char *name, bp_loc loc);
void bp_node_append_child(bp_node *parent, bp_node *child);
void bp_node_add_attr(bp_arena *a, bp_node *n, const char *name, const char *value);
/* NULL when absent. "id" finds xml:id and DocBook 4 id alike. */
const char *bp_node_attr(const bp_node *n, const char *name);
const char *bp_node_id(const bp_node *n);
/* First child element of the given kind, or NULL. */
bp_node *bp_node_child(const bp_node *n, bp_node_kind kind);
/* Title of a division/table/etc.: its <title>, or <info><title>. */
bp_node *bp_node_title(const bp_node *n);
/* Depth-first successor of n within root (pre-order), or NULL. */
bp_node *bp_node_next_in(const bp_node *root, const bp_node *n);
/* The bytes of text under root, counted until they reach `enough`. */
size_t bp_node_text_bytes(const bp_node *root, size_t enough);
/* The location of byte `off` of a text node's text (lines and characters
 * counted from the node's own location). */
bp_loc bp_node_text_loc(const bp_node *t, size_t off);
/* The text content of n with whitespace collapsed (arena-owned). */
char *bp_node_text(bp_arena *a, const bp_node *n);

#endif
