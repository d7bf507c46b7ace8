/* A stand-in uiautomationcore.dll for the Windows tests under Wine only; never shipped.
 * The app is built with Fyne's screen reader bridge (-tags accessibility), which loads
 * UI Automation at run time and raises a structure-changed event whenever the window's
 * content changes. Wine 8 has UiaRaiseStructureChangedEvent only as a stub that aborts the
 * program ("unimplemented function uiautomationcore.dll.UiaRaiseStructureChangedEvent"), so
 * the first screen ended the app. Under Wine no screen reader listens: each function here
 * does nothing and says so, which the bridge handles as "no UI Automation client". */
#include <windows.h>

LRESULT WINAPI UiaReturnRawElementProvider(HWND hwnd, WPARAM wParam, LPARAM lParam, void *el)
{
    (void)el;
    return DefWindowProcW(hwnd, WM_GETOBJECT, wParam, lParam);
}

HRESULT WINAPI UiaHostProviderFromHwnd(HWND hwnd, void **provider)
{
    (void)hwnd;
    if (provider)
        *provider = NULL;
    return E_NOTIMPL;
}

HRESULT WINAPI UiaRaiseAutomationEvent(void *provider, int id)
{
    (void)provider; (void)id;
    return S_OK;
}

HRESULT WINAPI UiaRaiseStructureChangedEvent(void *provider, int type, int *runtimeId, int len)
{
    (void)provider; (void)type; (void)runtimeId; (void)len;
    return S_OK;
}

HRESULT WINAPI UiaDisconnectProvider(void *provider)
{
    (void)provider;
    return S_OK;
}
