/*
 * tree/memberships.h — membership data: which states belong to which
 * organizations, read from a data file (sources/memberships.xml, schema
 * sources/memberships.rng) and turned into appendix tables by expand.
 */
#ifndef BP_TREE_MEMBERSHIPS_H
#define BP_TREE_MEMBERSHIPS_H

#include "base/diag.h"

#include <stddef.h>

typedef enum bp_member_status {
    BP_MEMBER,
    BP_ASSOCIATE,
    BP_OBSERVER,
    BP_ACCEDING,
    BP_FORMER, /* left before as-of */
    BP_NOT_MEMBER, /* listed only for a later change */
} bp_member_status;

typedef struct bp_change {
    const char *date, *text;
} bp_change;

typedef struct bp_membership {
    const char *state;
    bp_member_status status;
    const char *since;       /* or NULL */
    const char *status_note; /* or NULL */
    bp_change *changes;
    size_t n_changes;
    bp_loc loc;
} bp_membership;

typedef struct bp_organization {
    const char *id, *acronym, *name, *founded;
    const char **notes;
    size_t n_notes;
    bp_membership *members;
    size_t n_members;
    bp_loc loc;
} bp_organization;

typedef struct bp_memberships {
    const char *path;
    const char *as_of;
    bp_organization *orgs;
    size_t n_orgs;
} bp_memberships;

/* Does status count as belonging to the organization at as-of? */
static inline int bp_member_belongs(bp_member_status s)
{
    return s == BP_MEMBER || s == BP_ASSOCIATE || s == BP_OBSERVER || s == BP_ACCEDING;
}

#endif
