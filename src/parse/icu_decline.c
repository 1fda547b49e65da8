/*
 * parse/icu_decline.c — libxml2 linked statically, without ICU.
 *
 * Debian's libxml2 asks ICU for a converter only after glibc's iconv has
 * declined an encoding name (encoding.c, xmlFindCharEncodingHandler), and
 * iconv knows every encoding an XML document declares in practice. Loading
 * ICU and the C++ runtime it pulls in costs a third of briefpress's start-up
 * time on every run, so the static build answers libxml2's seven ICU calls
 * here: no converter, which libxml2 reports as an unsupported encoding.
 *
 * CMake compiles this file only when libxml2.a references exactly these
 * symbols, and passes ICU's version suffix (ucnv_open_72 on Debian 12) as
 * BP_ICU_SUFFIX.
 */
#include <stddef.h>

#ifndef BP_ICU_SUFFIX
#error "BP_ICU_SUFFIX is set by CMake (the _NN after ICU's function names)"
#endif

#define ICU_GLUE(name, suffix) name##suffix
#define ICU_NAME(name, suffix) ICU_GLUE(name, suffix)
#define ICU(name) ICU_NAME(name, BP_ICU_SUFFIX)

typedef struct UConverter UConverter;
typedef int UErrorCode;            /* ICU's enum, an int in its C ABI */
enum { U_FILE_ACCESS_ERROR = 4 };  /* what ICU says of an unknown converter name */

UConverter *ICU(ucnv_open)(const char *name, UErrorCode *status);
void ICU(ucnv_close)(UConverter *converter);
void ICU(ucnv_convertEx)(void);
void ICU(ucnv_setFromUCallBack)(void);
void ICU(ucnv_setToUCallBack)(void);
void ICU(UCNV_FROM_U_CALLBACK_STOP)(void);
void ICU(UCNV_TO_U_CALLBACK_STOP)(void);

UConverter *ICU(ucnv_open)(const char *name, UErrorCode *status)
{
    (void)name;
    if (status)
        *status = U_FILE_ACCESS_ERROR;
    return NULL;
}

/* libxml2 calls the rest only on a converter ucnv_open returned, and it
 * never returns one; they exist so that the link resolves. */
void ICU(ucnv_close)(UConverter *converter) { (void)converter; }
void ICU(ucnv_convertEx)(void) {}
void ICU(ucnv_setFromUCallBack)(void) {}
void ICU(ucnv_setToUCallBack)(void) {}
void ICU(UCNV_FROM_U_CALLBACK_STOP)(void) {}
void ICU(UCNV_TO_U_CALLBACK_STOP)(void) {}
