/** Text made safe to place in HTML (element content or a quoted attribute): &, <, > and " as named references. */
const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

export const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (ch) => ENTITIES[ch] ?? ch);
