#ifndef FABCHECK_CLIBXML2_SHIM_H
#define FABCHECK_CLIBXML2_SHIM_H

/* libxml2 built with ICU makes <libxml/encoding.h> include the system's <unicode/ucnv.h>. Swift's Foundation ships
 * its own ICU (_FoundationICU) whose UErrorCode differs, and a Swift module that sees both (any module importing
 * Foundation and, even transitively, this one) fails to compile on a fresh build. fabcheck never uses ICU
 * converters, so this module reads libxml2's headers without ICU: only the tail fields of xmlCharEncodingHandler
 * (never allocated or read from Swift) are hidden. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlstring.h>
#include <libxml/xmlschemas.h>

/// `xmlFree` is a global function pointer, which Swift 6 treats as shared mutable state; call it through this wrapper.
static inline void fabcheck_xmlFree(void *pointer) { xmlFree(pointer); }

/// The libxml2 version this module was compiled against, as an integer (e.g. 20914).
static inline int fabcheck_xmlVersion(void) { return LIBXML_VERSION; }

/// The last occurrence of byte `c` in the `n` bytes at `s` (glibc's vectorised `memrchr`, a loop elsewhere).
#include <string.h>
#if defined(__GLIBC__)
void *memrchr(const void *s, int c, size_t n);
static inline const void *fabcheck_memrchr(const void *s, int c, size_t n) { return memrchr(s, c, n); }
#else
static inline const void *fabcheck_memrchr(const void *s, int c, size_t n) {
    const unsigned char *p = (const unsigned char *)s + n;
    while (p > (const unsigned char *)s) { if (*--p == (unsigned char)c) return p; }
    return 0;
}
#endif

#endif
