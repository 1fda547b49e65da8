/*
 * base/image.h — what an image file is, read from its header alone.
 *
 * Resolve checks every image a document names before anything is laid
 * out, so that a file the PDF library cannot read (an interlaced PNG, a
 * lossless JPEG, a GIF) is reported at its element instead of failing, or
 * being silently left out, at the end.
 */
#ifndef BP_BASE_IMAGE_H
#define BP_BASE_IMAGE_H

typedef enum bp_image_format { BP_IMAGE_PNG = 1, BP_IMAGE_JPEG } bp_image_format;

typedef struct bp_image {
    const char *path;       /* resolved file name */
    bp_image_format format;
    unsigned width, height; /* pixels */
    double dpi_x, dpi_y;    /* from the file (PNG pHYs, JPEG JFIF), 0 when absent */
} bp_image;

/* Reads the header of the file at path into img (path is not copied).
 * Returns NULL, or why the image cannot be used; *unsupported is set when
 * the file was read but is of a kind briefpress cannot embed. */
const char *bp_image_probe(const char *path, bp_image *img, int *unsupported);

#endif
