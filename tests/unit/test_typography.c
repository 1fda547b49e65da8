/*
 * Unit tests of the typography rules: each rule is tried only on text with
 * the bytes a match needs (typography.c), so these pin that it is still
 * tried wherever PCRE2 itself would find a match: both cases of a
 * caseless rule, characters whose other case is spelled with other bytes,
 * patterns without a known first character, and text an earlier rule has
 * just rewritten.
 */
#include "harness.h"
#include "parse/parse.h"
#include "style/typography.h"

#include <stdlib.h>
#include <unistd.h>

static char rules_path[] = "/tmp/bp-typography-XXXXXX";

/* The text of the document's paragraphs after the rules, one per line. */
static const char *apply(const char *rules, const char *paras)
{
    static char out[2048];
    FILE *f = fopen(rules_path, "w");
    fputs(rules, f);
    fclose(f);
    char xml[2048];
    snprintf(xml, sizeof xml,
             "<article xmlns='http://docbook.org/ns/docbook' version='5.0'>%s</article>", paras);
    bp_diag_sink diags = {0};
    bp_options opts = {0};
    bp_doc doc;
    bp_doc_init(&doc, &opts, &diags);
    doc.settings.typography_rules = rules_path;
    out[0] = '\0';
    if (bp_parse_memory(&doc, "t.xml", xml, strlen(xml)) == BP_OK &&
        bp_typography_apply(&doc) == BP_OK) {
        for (bp_node *n = doc.root; n; n = bp_node_next_in(doc.root, n))
            if (n->kind == BP_NODE_PARA) {
                char *text = bp_node_text(&doc.arena, n);
                strncat(out, text, sizeof out - strlen(out) - 2);
                strcat(out, "\n");
            }
    } else {
        snprintf(out, sizeof out, "(failed)");
    }
    bp_doc_free(&doc);
    bp_diag_sink_free(&diags);
    return out;
}

/* The whole of a file, for the shipped rules. */
static char *slurp(const char *path)
{
    static char text[16384];
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f)
        fclose(f);
    text[n] = '\0';
    return text;
}

#define NBSP "\xC2\xA0"

/* The shipped rules' no-break spaces: after the abbreviations they name
 * (whole words only), and between a number and a unit. */
static void check_shipped_rules(const char *path)
{
    const char *rules = slurp(path);
    CHECK(strstr(rules, "=>") != NULL);
    CHECK_STR(apply(rules, "<para>Dr. Smith cited pp. 12 and p. 3 of No. 5 (vol. 2, fig. 1; "
                           "cf. Mrs. Jones, St. Paul).</para>"),
              "Dr." NBSP "Smith cited pp." NBSP "12 and p." NBSP "3 of No." NBSP "5 (vol." NBSP
              "2, fig." NBSP "1; cf." NBSP "Mrs." NBSP "Jones, St." NBSP "Paul).\n");
    CHECK_STR(apply(rules, "<para>Drs. Lee, Sp. Ops. and Xvol. 2 stay.</para>"),
              "Drs. Lee, Sp. Ops. and Xvol. 2 stay.\n");
    /* the abbreviation may end the markup before the full stop */
    CHECK_STR(apply(rules, "<para>See <emphasis>pp</emphasis>. 4.</para>"),
              "See pp." NBSP "4.\n");
    CHECK_STR(apply(rules, "<para>5 km, 3 million, 4 billions, 2 kmh.</para>"),
              "5" NBSP "km, 3" NBSP "million, 4 billions, 2 kmh.\n");
}

int main(int argc, char **argv)
{
    int fd = mkstemp(rules_path);
    if (fd < 0) {
        perror("mkstemp");
        return 1;
    }
    close(fd);

    CHECK_STR(apply("\"  =>  \xE2\x80\x9D\n--  =>  \xE2\x80\x93\n",
                    "<para>a \"b\" 1--2</para><para>nothing to do</para>"),
              "a \xE2\x80\x9D" "b\xE2\x80\x9D 1\xE2\x80\x93" "2\nnothing to do\n");
    /* caseless: the rule's first and required letters in either case */
    CHECK_STR(apply("(?i)colou?r  =>  hue\n", "<para>COLOUR, Colour, color</para>"),
              "hue, hue, hue\n");
    CHECK_STR(apply("(?i)x+y  =>  Z\n", "<para>XXY xy</para>"), "Z Z\n");
    /* the other case of É and of k (the Kelvin sign) is other bytes */
    CHECK_STR(apply("(?i)\xC3\xA9t\xC3\xA9  =>  summer\n", "<para>\xC3\x89T\xC3\x89</para>"),
              "summer\n");
    CHECK_STR(apply("(?i)k  =>  x\n", "<para>\xE2\x84\xAA</para>"), "x\n");
    /* a set of possible first characters, and no first character at all */
    CHECK_STR(apply("(cat|dog)s  =>  pets\n", "<para>dogs and cats</para>"), "pets and pets\n");
    CHECK_STR(apply("\\b(?=\\d)  =>  #\n", "<para>room 12</para>"), "room #12\n");
    CHECK_STR(apply("\\s+$  =>  \n", "<para>end</para>"), "end\n");
    /* a later rule sees what an earlier one made */
    CHECK_STR(apply("a  =>  \"\n\"  =>  Q\n", "<para>banana</para>"), "bQnQnQ\n");

    if (argc > 1)
        check_shipped_rules(argv[1]);
    unlink(rules_path);
    return harness_finish();
}
