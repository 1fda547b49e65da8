/*
 * base/path.h — which files a document may make briefpress read.
 *
 * A document names other files (XInclude, external entities, images). They
 * are read only from inside the document's own folder tree, or from folders
 * the user allowed with --allow-path, so that a brief from elsewhere cannot
 * make briefpress read /etc/passwd or a device that never ends.
 */
#ifndef BP_BASE_PATH_H
#define BP_BASE_PATH_H

#include <stddef.h>

typedef struct bp_path_policy {
    const char *document;       /* the top-level source file as given */
    const char *const *allowed; /* extra folders (--allow-path), may be NULL */
    size_t n_allowed;
} bp_path_policy;

/* Resolves `ref` (relative to the folder of `from`, a file name as given)
 * into `real` (PATH_MAX bytes). Returns NULL when the file may be read, else
 * why not ("it is outside the document's folder", ...); *missing is then
 * set when the file does not exist or cannot be reached, as opposed to
 * being refused. URLs with a scheme are refused: briefpress never reads
 * from the network. */
const char *bp_path_resolve(const bp_path_policy *policy, const char *from, const char *ref,
                            char *real, int *missing);

#endif
