/*
 * render/archive.c — XMP metadata and the sRGB output intent.
 *
 * The XMP repeats the Info dictionary (title, author, subject, producer,
 * creator tool, dates), which PDF/A requires to agree, and says which parts
 * are claimed: pdfaid (PDF/A-2, conformance U: every character maps to
 * Unicode) and pdfuaid (PDF/UA-1), the latter with the extension schema
 * PDF/A asks for any namespace it does not predefine. The metadata stream
 * is left unfiltered, so that any tool can read it. The sRGB profile is
 * Debian's (icc-profiles-free), compiled in, and queued in `streams` to
 * be compressed (stream.h).
 */
#include "render/archive.h"

#include "base/buf.h"
#include "render/stream.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <stdio.h>
#include <string.h>

#include "srgb_icc.h" /* generated: static const unsigned char srgb_icc[] */

static void put_escaped(bp_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': bp_buf_puts(b, "&amp;"); break;
        case '<': bp_buf_puts(b, "&lt;"); break;
        case '>': bp_buf_puts(b, "&gt;"); break;
        case '"': bp_buf_puts(b, "&quot;"); break;
        default: bp_buf_putc(b, *s);
        }
    }
}

static void put_element(bp_buf *b, const char *open, const char *value, const char *close)
{
    bp_buf_puts(b, open);
    put_escaped(b, value);
    bp_buf_puts(b, close);
}

static const char pdfuaid_schema[] =
    "<rdf:Description rdf:about=\"\"\n"
    " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
    " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
    " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
    "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
    "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
    "<pdfaProperty:name>part</pdfaProperty:name>\n"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
    "<pdfaProperty:category>internal</pdfaProperty:category>\n"
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is "
    "followed</pdfaProperty:description>\n"
    "</rdf:li></rdf:Seq></pdfaSchema:property>\n"
    "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
    "</rdf:Description>\n";

static void build_xmp(bp_buf *b, const bp_archive_info *info)
{
    bp_buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                   "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                   "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                   "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                   "<dc:format>application/pdf</dc:format>\n");
    if (info->title)
        put_element(b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">", info->title,
                    "</rdf:li></rdf:Alt></dc:title>\n");
    if (info->author)
        put_element(b, "<dc:creator><rdf:Seq><rdf:li>", info->author,
                    "</rdf:li></rdf:Seq></dc:creator>\n");
    if (info->subject)
        put_element(b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">",
                    info->subject, "</rdf:li></rdf:Alt></dc:description>\n");
    bp_buf_puts(b, "</rdf:Description>\n"
                   "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                   "<pdf:Producer>briefpress</pdf:Producer>\n"
                   "</rdf:Description>\n"
                   "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
                   "<xmp:CreatorTool>briefpress</xmp:CreatorTool>\n");
    if (info->date) {
        char when[64];
        const struct tm *t = info->date;
        snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02dZ", t->tm_year + 1900,
                 t->tm_mon + 1, t->tm_mday, t->tm_hour, t->tm_min, t->tm_sec);
        bp_buf_printf(b, "<xmp:CreateDate>%s</xmp:CreateDate>\n"
                         "<xmp:ModifyDate>%s</xmp:ModifyDate>\n"
                         "<xmp:MetadataDate>%s</xmp:MetadataDate>\n",
                      when, when, when);
    }
    bp_buf_puts(b, "</rdf:Description>\n");
    if (info->pdfa)
        bp_buf_puts(b, "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                       "<pdfaid:part>2</pdfaid:part>\n"
                       "<pdfaid:conformance>U</pdfaid:conformance>\n"
                       "</rdf:Description>\n");
    if (info->pdfua) {
        bp_buf_puts(b, "<rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
                       "<pdfuaid:part>1</pdfuaid:part>\n"
                       "</rdf:Description>\n");
        if (info->pdfa)
            bp_buf_puts(b, pdfuaid_schema);
    }
    bp_buf_puts(b, "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
}

static bool add_metadata(HPDF_Doc pdf, const bp_archive_info *info)
{
    HPDF_Dict meta = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!meta)
        return false;
    meta->filter = HPDF_STREAM_FILTER_NONE;
    HPDF_Dict_AddName(meta, "Type", "Metadata");
    HPDF_Dict_AddName(meta, "Subtype", "XML");
    bp_buf xmp = {0};
    build_xmp(&xmp, info);
    bool ok = HPDF_Stream_Write(meta->stream, (const HPDF_BYTE *)xmp.data, (HPDF_UINT)xmp.len) ==
              HPDF_OK;
    bp_buf_free(&xmp);
    return ok && HPDF_Dict_Add(pdf->catalog, "Metadata", meta) == HPDF_OK;
}

static bool add_output_intent(HPDF_Doc pdf, bp_pdf_streams *streams)
{
    HPDF_Dict icc = bp_pdf_own_stream(pdf, streams, "/N 3", srgb_icc, sizeof srgb_icc);
    if (!icc)
        return false;
    HPDF_Dict intent = HPDF_Dict_New(pdf->mmgr);
    HPDF_Array intents = HPDF_Array_New(pdf->mmgr);
    if (!intent || !intents)
        return false;
    HPDF_Dict_AddName(intent, "Type", "OutputIntent");
    HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
    HPDF_Dict_Add(intent, "OutputConditionIdentifier",
                  HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
    HPDF_Dict_Add(intent, "Info", HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
    HPDF_Dict_Add(intent, "RegistryName", HPDF_String_New(pdf->mmgr, "http://www.color.org", NULL));
    HPDF_Dict_Add(intent, "DestOutputProfile", icc);
    HPDF_Array_Add(intents, intent);
    return HPDF_Dict_Add(pdf->catalog, "OutputIntents", intents) == HPDF_OK;
}

bool bp_archive_write(HPDF_Doc pdf, bp_pdf_streams *streams, const bp_archive_info *info)
{
    if (!info->pdfa && !info->pdfua)
        return true;
    if (!add_metadata(pdf, info))
        return false;
    return !info->pdfa || add_output_intent(pdf, streams);
}
