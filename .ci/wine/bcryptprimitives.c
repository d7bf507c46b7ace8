/* A stand-in bcryptprimitives.dll for the Windows tests under Wine only; never shipped.
 * Go >= 1.24 programs get their random bytes from ProcessPrng, which Windows 10+ has and
 * Wine 8 lacks; this fills the buffer from RtlGenRandom (advapi32's SystemFunction036) instead. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
