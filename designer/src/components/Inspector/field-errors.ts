/** The validation error at one place of the document, for a field of the inspector. */
import type { ValidationError } from "@mfo/schemas";

/** The message of the error exactly at `path`, if any. */
export function errorAt(errors: readonly ValidationError[], path: string): string | undefined {
  return errors.find((e) => e.path === path)?.message;
}
