/**
 * Takes the browser host's access token out of the address as soon as the page starts. The host
 * hands it over in the fragment (`/#token=…`), which never reaches a server; this module keeps it
 * in the tab's sessionStorage and rewrites the address without it, so it stays out of the address
 * bar, bookmarks and the tab's history. `main.ts` imports this module first, before the app reads
 * its route from the same fragment.
 *
 * In the desktop app the page's address never carries a token, and nothing here does anything.
 */
import { splitFragment, TOKEN_STORAGE_KEY } from '../../src-main/host/handshake.js';

/**
 * Moves a `#token=…` fragment into sessionStorage and removes it from the address, keeping the
 * route after it. Returns the token found, if any.
 */
export function adoptAddressToken(win: Window): string | undefined {
  const { hash, pathname } = win.location;
  const { token, rest } = splitFragment(hash);
  if (rest === hash) return undefined;
  if (token !== undefined) win.sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
  win.history.replaceState(win.history.state, '', `${pathname}${rest}`);
  return token;
}

/** The token this tab holds, if it was opened through the host's address. */
export function storedToken(): string | undefined {
  try {
    return sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? undefined;
  } catch {
    return undefined; // storage unavailable (a sandboxed desktop page): no token to present
  }
}

/**
 * Takes the token out of this page's address now, and again whenever a new address is pasted
 * into the tab (a restarted host on the same port arrives as a fragment change, not a page
 * load: take its token and start again with it). The renderer's entry calls it first thing.
 */
export function watchAddressToken(win: Window): void {
  adoptAddressToken(win);
  win.addEventListener('hashchange', () => {
    const before = storedToken();
    const token = adoptAddressToken(win);
    if (token !== undefined && token !== before) win.location.reload();
  });
}
