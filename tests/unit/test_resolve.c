/*
 * Unit tests of parse + resolve on small in-memory documents: numbering,
 * cross-reference text, citation forms (full, short, Ibid.), id suggestions.
 */
#include "harness.h"
#include "parse/parse.h"
#include "resolve/ids.h"
#include "resolve/resolve.h"

static const char doc_xml[] =
    "<article xmlns='http://docbook.org/ns/docbook' version='5.0'>\n"
    "<title>T</title>\n"
    "<section xml:id='s1'><title>One</title>\n"
    "  <section xml:id='s11'><title>One One</title>\n"
    "    <para>Text.<footnote><para>See <biblioref linkend='b1'/>.</para></footnote>"
    "<footnote><para><citation>B1</citation>.</para></footnote>"
    "<footnote><para><xref linkend='tab'/> and <xref linkend='app'/>.</para></footnote>"
    "<footnote><para><biblioref linkend='b2'/>; <biblioref linkend='b1'/>.</para></footnote>"
    "</para>\n"
    "  </section>\n"
    "</section>\n"
    "<appendix xml:id='app'><title>Data</title>\n"
    "  <table xml:id='tab'><title>Members</title><tgroup cols='1'><tbody><row><entry>x</entry></row></tbody></tgroup></table>\n"
    "</appendix>\n"
    "<bibliography><title>Bibliography</title>\n"
    "  <biblioentry xml:id='b2'><abbrev>B2</abbrev><author><orgname>Zeta Org</orgname></author><title>Second Work</title></biblioentry>\n"
    "  <biblioentry xml:id='b1'><abbrev>B1</abbrev><author><orgname>Alpha Org</orgname></author><title>First Work: A Long Subtitle</title><pubdate>2021</pubdate></biblioentry>\n"
    "</bibliography>\n"
    "</article>\n";

static char *text_of(bp_doc *doc, const bp_node *n) { return bp_node_text(&doc->arena, n); }

/* Persons, figures, per-chapter note numbers, Ibid. switched off. */
static const char *second_xml =
    "<article xmlns='http://docbook.org/ns/docbook' version='5.0'>\n"
    "<section><title>A</title><para>One.<footnote><para><biblioref linkend='p'/>.</para></footnote>"
    "<footnote><para><biblioref linkend='p'/>.</para></footnote>"
    "<footnote><para><citation>p, 12–14</citation>; <xref linkend='p'/>.</para></footnote></para>"
    "<figure xml:id='f'><title>Map</title><mediaobject><textobject><phrase>a map</phrase></textobject></mediaobject></figure></section>\n"
    "<section><title>B</title><para>Two.<footnote><para>See <xref linkend='f'/>.</para></footnote></para></section>\n"
    "<bibliography><biblioentry xml:id='p'><author><personname><firstname>Ada</firstname>"
    "<surname>Lovelace</surname></personname></author><title>Notes on the Engine</title>"
    "<publisher><publishername>Taylor</publishername></publisher><pubdate>1843</pubdate></biblioentry></bibliography>\n"
    "</article>\n";

static void test_settings_and_persons(void)
{
    bp_diag_sink diags = {0};
    bp_options opts = {0};
    bp_doc doc;
    bp_doc_init(&doc, &opts, &diags);
    doc.settings.ibid = false;
    doc.settings.notes_per_chapter = true;
    CHECK_INT(bp_parse_memory(&doc, "u.xml", second_xml, strlen(second_xml)), BP_OK);
    CHECK_INT(bp_resolve(&doc), BP_OK);
    CHECK_INT(doc.n_footnotes, 4);
    CHECK_STR(text_of(&doc, doc.footnotes[0]), "Ada Lovelace, Notes on the Engine (Taylor, 1843).");
    CHECK_STR(text_of(&doc, doc.footnotes[1]), "Ada Lovelace, Notes on the Engine."); /* no Ibid. */
    CHECK_STR(text_of(&doc, doc.footnotes[2]),
              "Ada Lovelace, Notes on the Engine, 12–14; Ada Lovelace, Notes on the Engine.");
    CHECK_STR(text_of(&doc, doc.footnotes[3]), "See Figure 1.");
    CHECK_STR(doc.footnotes[2]->label, "3");
    CHECK_STR(doc.footnotes[3]->label, "1"); /* restarts in the second section */
    CHECK_INT(doc.footnotes[3]->ordinal, 4);
    bp_node *entry = bp_ids_lookup(doc.ids, "p");
    CHECK_STR(bp_resolve_author(&doc.arena, entry, true), "Lovelace, Ada");
    bp_resolve_free(&doc);
    bp_doc_free(&doc);
    bp_diag_sink_free(&diags);
}

int main(void)
{
    bp_diag_sink diags = {0};
    bp_options opts = {0};
    bp_doc doc;
    bp_doc_init(&doc, &opts, &diags);
    CHECK_INT(bp_parse_memory(&doc, "t.xml", doc_xml, sizeof doc_xml - 1), BP_OK);
    CHECK_INT(bp_resolve(&doc), BP_OK);
    CHECK_INT(diags.n_errors, 0);

    bp_node *s11 = bp_ids_lookup(doc.ids, "s11");
    CHECK_STR(s11->label, "1.1");
    CHECK_INT(s11->level, 2);
    CHECK_STR(bp_ids_lookup(doc.ids, "app")->label, "A");
    CHECK_STR(bp_ids_lookup(doc.ids, "tab")->label, "A.1");
    CHECK_INT(doc.n_footnotes, 4);
    CHECK_STR(text_of(&doc, doc.footnotes[0]), "See Alpha Org, First Work: A Long Subtitle (2021).");
    CHECK_STR(text_of(&doc, doc.footnotes[1]), "Ibid.");
    CHECK_STR(text_of(&doc, doc.footnotes[2]), "Table A.1 and Appendix A.");
    CHECK_STR(text_of(&doc, doc.footnotes[3]), "Zeta Org, Second Work; Alpha Org, First Work.");
    /* The element positions are exact. */
    CHECK_INT(s11->loc.line, 4);
    CHECK_INT(s11->loc.col, 3);
    /* Sorted bibliography: Alpha before Zeta. */
    bp_node *bib = NULL;
    for (bp_node *n = doc.root->first_child; n; n = n->next)
        if (n->kind == BP_NODE_BIBLIOGRAPHY)
            bib = n;
    CHECK(bib != NULL);
    bp_node *first = bp_node_child(bib, BP_NODE_BIBLIOENTRY);
    CHECK_STR(bp_node_id(first), "b1");

    CHECK_STR(bp_ids_suggest(doc.ids, "s111"), "s11");
    CHECK_STR(bp_ids_suggest(doc.ids, "ap"), "app");
    CHECK(bp_ids_suggest(doc.ids, "completely-different") == NULL);

    bp_resolve_free(&doc);
    bp_doc_free(&doc);
    bp_diag_sink_free(&diags);
    test_settings_and_persons();
    return harness_finish();
}
