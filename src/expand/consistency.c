/*
 * expand/consistency.c — does the text agree with the membership data?
 *
 * Finds sentences such as
 *   "Kazakhstan is a member of the Collective Security Treaty Organization
 *    (CSTO), informally …, together with Armenia, Belarus, … and Tajikistan."
 * and warns, at the name's own file:line:col, for every state named that
 * the data does not list as belonging to the organization. The patterns
 * are PCRE2 (UTF-8, compiled once per run).
 */
#include "expand.h"

#include "base/jit.h"
#include "base/utf8.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <string.h>

/* SUBJECT is (also) a member of [the] ORG [(ACR)] … together|along with … LIST. */
static const char sentence_pattern[] =
    "(?<subject>\\b[A-Z][\\p{L}-]+)\\s+is\\s+(?:also\\s+)?a\\s+member\\s+of\\s+(?:the\\s+)?"
    "(?<org>[^,.;()]+?)(?=\\s*[,(]|\\s+(?:together|along)\\b)(?:\\s+\\((?<acr>[A-Z]{2,})\\))?"
    "(?<middle>[^.]*?)\\b(?:together|along)\\s+with\\b(?<list>[^.]*)";
/* Words every match of sentence_pattern holds: text without them is not
 * matched at all (the brief: 0.4 ms of matching, most of it on text
 * without either). */
static bool may_hold_sentence(const char *text)
{
    return strstr(text, "member") && strstr(text, "with");
}

/* One name in the list: capitalised words ("Saudi Arabia"), not "countries …". */
static const char name_pattern[] = "\\b[A-Z][\\p{L}-]+(?:\\s+[A-Z][\\p{L}-]+)*";

static const bp_organization *find_org(const bp_memberships *d, const char *name, size_t nlen,
                                       const char *acr, size_t alen)
{
    for (size_t i = 0; i < d->n_orgs; i++) {
        const bp_organization *o = &d->orgs[i];
        if (alen && strlen(o->acronym) == alen && strncmp(o->acronym, acr, alen) == 0)
            return o;
    }
    for (size_t i = 0; i < d->n_orgs; i++) {
        const bp_organization *o = &d->orgs[i];
        /* "Organization" and "Organisation" are the same name. */
        size_t n = strlen(o->name);
        bool same = n == nlen;
        for (size_t k = 0; same && k < n; k++) {
            char a = (char)tolower((unsigned char)o->name[k]), b = (char)tolower((unsigned char)name[k]);
            same = a == b || ((a == 's' || a == 'z') && (b == 's' || b == 'z'));
        }
        if (same || (strlen(o->acronym) == nlen && strncmp(o->acronym, name, nlen) == 0))
            return o;
    }
    return NULL;
}

static bool lists(const bp_organization *o, const char *state, size_t len)
{
    for (size_t i = 0; i < o->n_members; i++)
        if (strlen(o->members[i].state) == len && strncmp(o->members[i].state, state, len) == 0)
            return bp_member_belongs(o->members[i].status);
    return false;
}

static bool is_pronoun(const char *s, size_t len)
{
    static const char *const words[] = {"It", "This", "That", "He", "She", "They"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == len && strncmp(words[i], s, len) == 0)
            return true;
    return false;
}

static void check_name(bp_doc *doc, const bp_node *t, const bp_organization *o, size_t start,
                       size_t end)
{
    const char *name = t->text + start;
    size_t len = end - start;
    if (lists(o, name, len))
        return;
    bp_diag_emit(doc->diags, BP_WARNING, "membership-mismatch", bp_node_text_loc(t, start),
                 "the text names %.*s as a member of the %s, but the membership data does not "
                 "list it",
                 (int)len, name, o->acronym);
}

void bp_check_memberships(bp_doc *doc, const bp_memberships *data)
{
    int err;
    PCRE2_SIZE erroff;
    pcre2_code *sentence = pcre2_compile((PCRE2_SPTR)sentence_pattern, PCRE2_ZERO_TERMINATED,
                                         PCRE2_UTF | PCRE2_UCP, &err, &erroff, NULL);
    pcre2_code *name = pcre2_compile((PCRE2_SPTR)name_pattern, PCRE2_ZERO_TERMINATED,
                                     PCRE2_UTF | PCRE2_UCP, &err, &erroff, NULL);
    if (!sentence || !name)
        goto done;
    if (bp_jit_worth(bp_node_text_bytes(doc->root, BP_JIT_MIN_TEXT))) {
        pcre2_jit_compile(sentence, PCRE2_JIT_COMPLETE);
        pcre2_jit_compile(name, PCRE2_JIT_COMPLETE);
    }
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(sentence, NULL);
    pcre2_match_data *nd = pcre2_match_data_create_from_pattern(name, NULL);
    for (bp_node *n = doc->root; n; n = bp_node_next_in(doc->root, n)) {
        if (n->kind != BP_NODE_TEXT || !may_hold_sentence(n->text))
            continue;
        PCRE2_SPTR text = (PCRE2_SPTR)n->text;
        size_t len = strlen(n->text), at = 0;
        while (at < len && pcre2_match(sentence, text, len, at, 0, md, NULL) > 0) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            PCRE2_SIZE g[4][2];
            static const char *const groups[4] = {"subject", "org", "acr", "list"};
            for (int k = 0; k < 4; k++) {
                int gi = pcre2_substring_number_from_name(sentence, (PCRE2_SPTR)groups[k]);
                g[k][0] = ov[2 * gi];
                g[k][1] = ov[2 * gi + 1];
            }
            const char *t = n->text;
            bool has_acr = g[2][0] != PCRE2_UNSET;
            const bp_organization *o =
                find_org(data, t + g[1][0], g[1][1] - g[1][0], has_acr ? t + g[2][0] : NULL,
                         has_acr ? g[2][1] - g[2][0] : 0);
            if (o) {
                if (!is_pronoun(t + g[0][0], g[0][1] - g[0][0]))
                    check_name(doc, n, o, g[0][0], g[0][1]);
                /* "… along with other countries …, such as A, B and C": the
                 * names follow "such as" when it is there. */
                size_t from = g[3][0];
                const char *such = strstr(t + from, "such as");
                if (such && (size_t)(such - t) < g[3][1])
                    from = (size_t)(such - t) + 7;
                while (from < g[3][1] && pcre2_match(name, text, g[3][1], from, 0, nd, NULL) > 0) {
                    PCRE2_SIZE *nv = pcre2_get_ovector_pointer(nd);
                    check_name(doc, n, o, nv[0], nv[1]);
                    from = nv[1];
                }
            }
            at = ov[1] > at ? ov[1] : at + 1;
        }
    }
    pcre2_match_data_free(md);
    pcre2_match_data_free(nd);
done:
    pcre2_code_free(sentence);
    pcre2_code_free(name);
}
