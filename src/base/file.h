/*
 * base/file.h — reading whole files, and writing output files so that
 * nothing is ever half-written.
 */
#ifndef BP_BASE_FILE_H
#define BP_BASE_FILE_H

#include "buf.h"

#include <stddef.h>

/* Appends the whole file at path to out (NUL-terminated, as bp_buf is):
 * one read into a buffer of the file's size. Returns 0, or an errno value
 * (out then holds what was read, if anything). */
int bp_file_read(const char *path, bp_buf *out);

/* A file's bytes, mapped read-only: pages are read as they are touched,
 * so a 4 MB font whose cmap and few glyphs are used costs a few pages. */
typedef struct bp_mapped_file {
    const unsigned char *data;
    size_t len;
} bp_mapped_file;

/* Maps the regular file at path into *out (an empty file: no bytes, data
 * not NULL). Returns 0, or an errno value (EINVAL: not a regular file). */
int bp_file_map(const char *path, bp_mapped_file *out);
/* Unmaps what bp_file_map mapped; a zeroed *m is nothing to unmap. */
void bp_file_unmap(bp_mapped_file *m);

/* Writes data to a temporary file in path's folder, fsyncs it and renames
 * it over path (keeping an existing file's permissions): readers see the
 * old file or the new one, never a part of it; on failure the old file is
 * untouched and no temporary file remains. Returns 0, or an errno value. */
int bp_file_write_atomic(const char *path, const void *data, size_t len);

#endif
