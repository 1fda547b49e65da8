/*
 * render/archive.h — what makes the PDF identify as PDF/A-2u (and PDF/UA-1
 * when tagged): an XMP metadata stream matching the document information
 * dictionary, and an sRGB output intent with the ICC profile embedded
 * (ISO 19005-2 §6.2.3, §6.6; ISO 14289-1 §5, §7.1).
 */
#ifndef BP_RENDER_ARCHIVE_H
#define BP_RENDER_ARCHIVE_H

#include "render/stream.h"

#include <hpdf.h>
#include <stdbool.h>
#include <time.h>

typedef struct bp_archive_info {
    const char *title, *author, *subject; /* as in the Info dictionary; NULL = none */
    const struct tm *date;                /* creation = modification; NULL = none */
    bool pdfa;                            /* claim PDF/A-2u, with an output intent */
    bool pdfua;                           /* claim PDF/UA-1 (the PDF is tagged) */
} bp_archive_info;

/* Adds /Metadata (and, for PDF/A, /OutputIntents) to the catalog; the ICC
 * profile's stream is queued in streams (stream.h). False when the PDF library fails
 * (it has recorded the error). */
bool bp_archive_write(HPDF_Doc pdf, bp_pdf_streams *streams, const bp_archive_info *info);

#endif
