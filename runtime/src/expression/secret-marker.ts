/**
 * What `$secret("name")` gives inside a phase's "=" params: not the value, a marker naming the secret. The value
 * is put in its place only inside the handler call (runtime/src/secrets/secret-params.ts), so the resolved params
 * an attempt records, and anything an expression could copy into the context, hold the marker at most. The marker
 * carries a random nonce chosen per attempt: text coming from outside (a webhook body, an earlier phase) cannot
 * forge one and have a secret filled into a URL it controls.
 */

/** The secret's marker within one attempt's params. */
export function secretMarker(nonce: string, name: string): string {
  return `\u27e6secret:${nonce}:${name}\u27e7`;
}

/** The `$secret` function bound while one attempt's params are resolved (a name that is not a string fails). */
export function secretBinding(nonce: string): (name: unknown) => string {
  return (name) => {
    if (typeof name !== "string" || name === "") throw new Error('$secret takes the secret\'s name: $secret("name")');
    return secretMarker(nonce, name);
  };
}
