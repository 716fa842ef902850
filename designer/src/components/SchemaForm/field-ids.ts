/**
 * Element ids for a form's inputs. Labels, help texts and error messages are tied to inputs by id, so ids must
 * be unique and stable: the form's prefix plus the field's JSON pointer, with every character that could clash
 * with a part suffix (":help", ":error", ...) percent-encoded.
 */

/** The id of the input of the field at `pointer`; the root field gets `idPrefix` itself. */
export function fieldId(idPrefix: string, pointer: string): string {
  if (pointer === "") return idPrefix;
  // Percent-encode each token (":" and whitespace included) and keep the "/" separators readable.
  return idPrefix + pointer.split("/").map(encodeURIComponent).join("/");
}

/** The id of a part of a field (its help text, its error, its ƒx toggle...); ":" never occurs in a field id's pointer. */
export function partId(id: string, part: string): string {
  return `${id}:${part}`;
}

/** The `aria-describedby` of an input: its help text and its messages, or undefined when it has neither. */
export function describedBy(...ids: ReadonlyArray<string | false | null | undefined>): string | undefined {
  const present = ids.filter((id): id is string => typeof id === "string" && id !== "");
  return present.length === 0 ? undefined : present.join(" ");
}
