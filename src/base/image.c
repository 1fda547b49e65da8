/*
 * base/image.c — PNG and JPEG headers, checked against what libharu 2.3.0
 * embeds: PNG without interlacing; JPEG baseline, extended or progressive
 * (SOF0, SOF1, SOF2, SOF9) with 1, 3 or 4 components, markers contiguous.
 */
#include "base/image.h"

#include "base/bytes.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char *probe_png(FILE *f, bp_image *img, int *unsupported)
{
    unsigned char ihdr[25];
    if (fread(ihdr, 1, sizeof ihdr, f) != sizeof ihdr || memcmp(ihdr + 4, "IHDR", 4) != 0)
        return "the PNG file is truncated or has no header chunk";
    img->width = bp_be32(ihdr + 8);
    img->height = bp_be32(ihdr + 12);
    if (ihdr[20] != 0) {
        *unsupported = 1;
        return "the PNG file is interlaced, which the PDF library cannot read; save it without "
               "interlacing";
    }
    /* Chunks up to the image data: pHYs gives the resolution. */
    unsigned char head[8];
    while (fread(head, 1, 8, f) == 8) {
        uint32_t len = bp_be32(head);
        if (memcmp(head + 4, "IDAT", 4) == 0 || memcmp(head + 4, "IEND", 4) == 0)
            break;
        if (memcmp(head + 4, "pHYs", 4) == 0 && len == 9) {
            unsigned char phys[9];
            if (fread(phys, 1, 9, f) != 9)
                break;
            if (phys[8] == 1) { /* pixels per metre */
                img->dpi_x = bp_be32(phys) * 0.0254;
                img->dpi_y = bp_be32(phys + 4) * 0.0254;
            }
            len = 0;
            fseek(f, 4, SEEK_CUR); /* CRC */
            continue;
        }
        if (fseek(f, (long)len + 4, SEEK_CUR) != 0)
            break;
    }
    return NULL;
}

static const char *probe_jpeg(FILE *f, bp_image *img, int *unsupported)
{
    unsigned char m[4];
    for (;;) {
        if (fread(m, 1, 4, f) != 4)
            return "the JPEG file ends before its frame header";
        if (m[0] != 0xFF) {
            *unsupported = 1;
            return "the JPEG file has data between its markers, which the PDF library cannot read";
        }
        unsigned marker = m[1], len = bp_be16(m + 2);
        if (len < 2)
            return "the JPEG file has a damaged marker";
        if (marker == 0xE0 && len >= 16) { /* JFIF: density */
            unsigned char j[12];
            if (fread(j, 1, 12, f) != 12)
                return "the JPEG file is truncated";
            if (memcmp(j, "JFIF", 5) == 0 && (j[7] == 1 || j[7] == 2)) {
                double per_inch = j[7] == 1 ? 1 : 2.54;
                img->dpi_x = bp_be16(j + 8) * per_inch;
                img->dpi_y = bp_be16(j + 10) * per_inch;
            }
            fseek(f, (long)len - 2 - 12, SEEK_CUR);
            continue;
        }
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
            marker != 0xCC) {
            if (marker != 0xC0 && marker != 0xC1 && marker != 0xC2 && marker != 0xC9) {
                *unsupported = 1;
                return "the JPEG file uses a lossless or hierarchical coding the PDF library "
                       "cannot embed";
            }
            unsigned char sof[6];
            if (fread(sof, 1, 6, f) != 6)
                return "the JPEG file is truncated";
            img->height = bp_be16(sof + 1);
            img->width = bp_be16(sof + 3);
            if (sof[5] != 1 && sof[5] != 3 && sof[5] != 4) {
                *unsupported = 1;
                return "the JPEG file has a colour model other than grey, RGB or CMYK";
            }
            return NULL;
        }
        if (fseek(f, (long)len - 2, SEEK_CUR) != 0)
            return "the JPEG file is truncated";
    }
}

const char *bp_image_probe(const char *path, bp_image *img, int *unsupported)
{
    memset(img, 0, sizeof *img);
    img->path = path;
    *unsupported = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return strerror(errno);
    unsigned char sig[8];
    const char *why = NULL;
    size_t n = fread(sig, 1, sizeof sig, f);
    if (n == 8 && memcmp(sig, "\x89PNG\r\n\x1a\n", 8) == 0) {
        img->format = BP_IMAGE_PNG;
        why = probe_png(f, img, unsupported);
    } else if (n >= 2 && sig[0] == 0xFF && sig[1] == 0xD8) {
        img->format = BP_IMAGE_JPEG;
        fseek(f, 2, SEEK_SET);
        why = probe_jpeg(f, img, unsupported);
    } else {
        *unsupported = 1;
        why = "it is neither PNG nor JPEG (convert it to one of them)";
    }
    fclose(f);
    if (!why && (img->width == 0 || img->height == 0))
        why = "its width or height is zero";
    /* The PDF library decodes a PNG whole in memory: a small file claiming
     * a huge size must not make it allocate gigabytes. 60 megapixels is
     * more than a full-page photograph at 600 dpi needs. */
    if (!why && (double)img->width * img->height > 60e6) {
        *unsupported = 1;
        why = "it has more than 60 megapixels; scale it down";
    }
    if (!why && (img->dpi_x < 10 || img->dpi_y < 10))
        img->dpi_x = img->dpi_y = 0; /* absent or nonsense: the reader decides */
    return why;
}
