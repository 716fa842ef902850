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
