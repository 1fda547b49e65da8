/*
 * text/hyphen_freeze.c — build-time tool: loads a libhyphen pattern file
 * and writes the state machine libhyphen built from it as C data, for
 * libhyphen's own hyphenate functions.
 *
 * Why: hnj_hyphen_load builds its state machine from the text patterns at
 * every start, which takes about 16 ms for en_US, longer than typesetting a
 * ten-page brief. The frozen machine is the one libhyphen built, so words
 * break exactly where the pattern file says. It is plain numbers (offsets,
 * not pointers), so loading the program relocates nothing; the first call
 * links the states up (15,611 of them for en_US, well under a millisecond).
 * Each field of the states is an array of its own, in the narrowest type
 * its values fit (en_US: 7 bytes a state, not 24): the first call reads
 * all of them, and every page read costs.
 *
 *   hyphen_freeze PATTERNS.dic SYMBOL > OUT.c
 *
 * OUT.c defines `HyphenDict *SYMBOL(void)`, returning the dictionary, made
 * on first call and kept for the life of the program (never pass it to
 * hnj_hyphen_free).
 */
#include <hyphen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every string of the dictionaries goes into one byte pool; the states
 * point into it by offset. */
typedef struct pool {
    char *bytes;
    size_t len, cap;
} pool;

static long pool_add(pool *p, const char *s)
{
    if (!s)
        return -1;
    size_t n = strlen(s) + 1;
    if (p->len + n > p->cap) {
        p->cap = (p->len + n) * 2;
        p->bytes = realloc(p->bytes, p->cap);
        if (!p->bytes) {
            perror("hyphen_freeze");
            exit(1);
        }
    }
    memcpy(p->bytes + p->len, s, n);
    p->len += n;
    return (long)(p->len - n);
}

/* libhyphen keeps NOHYPHEN as nohyphenl + 1 strings, one after another
 * (the commas of the pattern file turned into NULs). */
static long pool_add_list(pool *p, const char *s, int n_more)
{
    long first = pool_add(p, s);
    for (int i = 0; s && i < n_more; i++) {
        s += strlen(s) + 1;
        pool_add(p, s);
    }
    return first;
}

/* The largest values the state fields take, for their types. */
typedef struct extent {
    long fallback, num_trans;
} extent;

/* One field of every state of a level, as an array: name%d[] = {…}. A
 * missing string (offset -1) is written NONE, the offset type's largest
 * value. */
typedef long (*field_fn)(const HyphenState *s, pool *strings);

static void write_field(FILE *out, const char *type, const char *name, int level,
                        const HyphenDict *d, pool *strings, field_fn get)
{
    bool offsets = strcmp(type, "pool_off") == 0;
    fprintf(out, "static const %s %s%d[] = {", type, name, level);
    for (int i = 0; i < d->num_states; i++) {
        long v = get(&d->states[i], strings);
        if (i % 16 == 0)
            fputc('\n', out);
        if (offsets && v < 0)
            fputs("NONE,", out);
        else
            fprintf(out, "%ld,", v);
    }
    fprintf(out, "%s};\n", d->num_states ? "" : "0");
}

static long match_of(const HyphenState *s, pool *p) { return pool_add(p, s->match); }
static long repl_of(const HyphenState *s, pool *p) { return pool_add(p, s->repl); }
static long replindex_of(const HyphenState *s, pool *p) { (void)p; return s->replindex; }
static long replcut_of(const HyphenState *s, pool *p) { (void)p; return s->replcut; }
static long fallback_of(const HyphenState *s, pool *p) { (void)p; return s->fallback_state; }
static long num_trans_of(const HyphenState *s, pool *p) { (void)p; return s->num_trans; }

/* Writes the transitions and states of dictionary `level` (0 = first):
 * plain numbers (offsets into the pool and the transition table), so the
 * data needs no relocation when the program loads. A state's transitions
 * follow the previous state's: their start is counted while thawing. */
static void write_states(FILE *out, const HyphenDict *d, int level, pool *strings, extent *e)
{
    for (int i = 0; i < d->num_states; i++) {
        if (d->states[i].fallback_state > e->fallback)
            e->fallback = d->states[i].fallback_state;
        if (d->states[i].num_trans > e->num_trans)
            e->num_trans = d->states[i].num_trans;
    }
    fprintf(out, "static const HyphenTrans trans%d[] = {\n", level);
    long n_trans = 0;
    for (int i = 0; i < d->num_states; i++)
        for (int t = 0; t < d->states[i].num_trans; t++, n_trans++)
            fprintf(out, "{%d,%d},\n", d->states[i].trans[t].ch, d->states[i].trans[t].new_state);
    if (n_trans == 0)
        fprintf(out, "{0,0}\n");
    fprintf(out, "};\n");
    write_field(out, "pool_off", "match", level, d, strings, match_of);
    write_field(out, "pool_off", "repl", level, d, strings, repl_of);
    write_field(out, "signed char", "replindex", level, d, strings, replindex_of);
    write_field(out, "signed char", "replcut", level, d, strings, replcut_of);
    write_field(out, "state_no", "fallback", level, d, strings, fallback_of);
    write_field(out, "trans_count", "num_trans", level, d, strings, num_trans_of);
}

static void write_level(FILE *out, const HyphenDict *d, int level, pool *strings)
{
    long nohyphen = pool_add_list(strings, d->nohyphen, d->nohyphenl);
    fprintf(out, "{%d,%d,%d,%d,%ld,%d,%d,{", d->lhmin, d->rhmin, d->clhmin, d->crhmin, nohyphen,
            d->nohyphenl, d->num_states);
    for (size_t i = 0; i < sizeof d->cset; i++)
        fprintf(out, "%d,", d->cset[i]);
    fprintf(out, "},%d,match%d,repl%d,replindex%d,replcut%d,fallback%d,num_trans%d,trans%d},\n",
            d->utf8, level, level, level, level, level, level, level);
}

/* The C that turns the frozen levels into HyphenDicts, once, on first use. */
static const char thaw_code[] =
    "static char *from_pool(pool_off off) { return off == NONE ? NULL : (char *)&pool[off]; }\n"
    "HyphenDict *SYMBOL(void)\n"
    "{\n"
    "    static HyphenDict dicts[N_LEVELS];\n"
    "    static int thawed;\n"
    "    if (thawed)\n"
    "        return &dicts[0];\n"
    "    for (int l = N_LEVELS - 1; l >= 0; l--) {\n"
    "        const frozen_level *f = &levels[l];\n"
    "        HyphenState *states = malloc((f->num_states ? f->num_states : 1) * sizeof *states);\n"
    "        if (!states)\n"
    "            return NULL;\n"
    "        long first = 0;\n"
    "        for (int i = 0; i < f->num_states; i++) {\n"
    "            int n = f->num_trans[i];\n"
    "            states[i] = (HyphenState){from_pool(f->match[i]), from_pool(f->repl[i]),\n"
    "                                      f->replindex[i], f->replcut[i], f->fallback[i], n,\n"
    "                                      n ? (HyphenTrans *)&f->trans[first] : NULL};\n"
    "            first += n;\n"
    "        }\n"
    "        HyphenDict *d = &dicts[l];\n"
    "        d->lhmin = f->lhmin, d->rhmin = f->rhmin, d->clhmin = f->clhmin, d->crhmin = f->crhmin;\n"
    "        d->nohyphen = from_pool(f->nohyphen);\n"
    "        d->nohyphenl = f->nohyphenl;\n"
    "        d->num_states = f->num_states;\n"
    "        memcpy(d->cset, f->cset, sizeof d->cset);\n"
    "        d->utf8 = f->utf8;\n"
    "        d->states = states;\n"
    "        d->nextlevel = l + 1 < N_LEVELS ? &dicts[l + 1] : NULL;\n"
    "    }\n"
    "    thawed = 1;\n"
    "    return &dicts[0];\n"
    "}\n";

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: hyphen_freeze PATTERNS.dic SYMBOL > OUT.c\n");
        return 2;
    }
    HyphenDict *dict = hnj_hyphen_load(argv[1]);
    if (!dict) {
        fprintf(stderr, "hyphen_freeze: cannot load %s\n", argv[1]);
        return 1;
    }
    int n_levels = 0;
    for (const HyphenDict *d = dict; d; d = d->nextlevel)
        n_levels++;

    /* The pool is filled while the states are written, but C wants it
     * defined before them: the states go to a memory stream first. */
    char *body = NULL;
    size_t body_len = 0;
    FILE *out = open_memstream(&body, &body_len);
    if (!out) {
        perror("hyphen_freeze");
        return 1;
    }
    pool strings = {0};
    extent e = {0, 0};
    int level = 0;
    for (const HyphenDict *d = dict; d; d = d->nextlevel, level++)
        write_states(out, d, level, &strings, &e);
    fprintf(out, "static const frozen_level levels[N_LEVELS] = {\n");
    level = 0;
    for (const HyphenDict *d = dict; d; d = d->nextlevel, level++)
        write_level(out, d, level, &strings);
    fprintf(out, "};\n");
    for (const char *p = thaw_code; *p;) {
        if (strncmp(p, "SYMBOL", 6) == 0) {
            fputs(argv[2], out);
            p += 6;
        } else {
            fputc(*p++, out);
        }
    }
    fclose(out);

    printf("/* Generated by hyphen_freeze from %s. Do not edit. */\n", argv[1]);
    printf("#include <hyphen.h>\n#include <stddef.h>\n#include <stdlib.h>\n#include <string.h>\n");
    printf("HyphenDict *%s(void);\n", argv[2]);
    printf("#define N_LEVELS %d\n", n_levels);
    /* The narrowest types the values fit; NONE (no string) is the offset
     * type's largest value, which no offset reaches. */
    printf("typedef %s pool_off;\n", strings.len < 255 ? "unsigned char"
                                     : strings.len < 65535 ? "unsigned short" : "long");
    printf("#define NONE ((pool_off)-1)\n");
    printf("typedef %s state_no;\n", e.fallback < 32767 ? "short" : "int");
    printf("typedef %s trans_count;\n", e.num_trans < 256 ? "unsigned char" : "int");
    printf("typedef struct frozen_level { char lhmin, rhmin, clhmin, crhmin; long nohyphen; "
           "int nohyphenl, num_states; char cset[%zu]; int utf8; const pool_off *match, *repl; "
           "const signed char *replindex, *replcut; const state_no *fallback; "
           "const trans_count *num_trans; const HyphenTrans *trans; } frozen_level;\n",
           sizeof dict->cset);
    printf("static const char pool[%zu] = {", strings.len ? strings.len : 1);
    for (size_t i = 0; i < strings.len; i++)
        printf("%s%d,", i % 32 ? "" : "\n", (unsigned char)strings.bytes[i]);
    printf("};\n");
    fwrite(body, 1, body_len, stdout);
    free(body);
    free(strings.bytes);
    hnj_hyphen_free(dict);
    return 0;
}
