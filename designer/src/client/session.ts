/**
 * The API key of the person using the designer: taken from the `?key=` of the URL `npm start` prints (then
 * removed from the address bar), kept in sessionStorage for the tab's life, or typed into the login form.
 */
const STORAGE_KEY = "mfo.key";

export function takeKeyFromUrl(location: Location = window.location, history: History = window.history): void {
  const url = new URL(location.href);
  const key = url.searchParams.get("key");
  if (!key) return;
  sessionStorage.setItem(STORAGE_KEY, key);
  url.searchParams.delete("key");
  history.replaceState(history.state, "", `${url.pathname}${url.search}${url.hash}`);
}

export const currentKey = (): string | null => sessionStorage.getItem(STORAGE_KEY);
export const rememberKey = (key: string): void => sessionStorage.setItem(STORAGE_KEY, key);
export const forgetKey = (): void => sessionStorage.removeItem(STORAGE_KEY);

/** What the sign-in form says after the server refused the key in use (a wrong `?key=`, a revoked key). */
export const REFUSED_KEY_MESSAGE = "The server did not accept this API key. Sign in with a valid key.";

/**
 * A fetch that calls `onRefused` when the server answers 401 (the key is not valid), so that the designer shows
 * the sign-in form once instead of every page showing the refusal as its own error.
 */
export function watchForRefusedKey(onRefused: () => void, base?: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await (base ?? globalThis.fetch)(input, init);
    if (response.status === 401) onRefused();
    return response;
  };
}
