/**
 * Puts validation errors (JSON pointers relative to the form's value, e.g. validateFlow's errors under
 * /nodes/3/params) beside the field they are about. An error below any rendered field (inside a JSON text
 * editor, or on a property the schema does not know) goes to the nearest rendered field above it, so that
 * no error is ever lost; the root field collects the rest.
 */
import { parsePointer } from "@mfo/schemas";
import { isExpressionMode } from "./dynamic-value.js";
import { entryFieldModel, type FieldModel, itemFieldModel } from "./field-model.js";
import { displayModel, isRecord } from "./field-value.js";
import { childPointer } from "./value-pointer.js";

export interface FieldError {
  path: string;
  message: string;
  /** validateFlow's code, when known ("invalid-expression", ...). */
  code?: string;
}

/** Errors keyed by the pointer of the field that shows them (one per message). */
export type ErrorIndex = ReadonlyMap<string, readonly FieldError[]>;

const isUnder = (path: string, base: string): boolean => path === base || path.startsWith(`${base}/`);

/** The errors at or under `base` with their paths made relative to it (`/nodes/3/params/url` -> `/url`). */
export function relativeErrors(errors: readonly FieldError[], base: string): FieldError[] {
  return errors.filter((e) => isUnder(e.path, base)).map((e) => ({ ...e, path: e.path.slice(base.length) }));
}

/** The pointers of every field the form renders for `value`, the root ("") included. */
export function collectFieldPointers(model: FieldModel, value: unknown): Set<string> {
  const pointers = new Set<string>();
  const visit = (field: FieldModel, current: unknown): void => {
    pointers.add(field.pointer);
    if (isExpressionMode(field, current)) return;
    const shown = displayModel(field, current);
    if (shown.kind === "object") {
      const record = isRecord(current) ? current : {};
      for (const child of shown.properties ?? []) visit(child, record[child.name]);
    } else if (shown.kind === "list" && Array.isArray(current)) {
      current.forEach((item, index) => {
        visit(itemFieldModel(shown, index), item);
      });
    } else if (shown.kind === "map" && isRecord(current)) {
      for (const [key, entry] of Object.entries(current)) visit(entryFieldModel(shown, key), entry);
    }
  };
  visit(model, value);
  pointers.add("");
  return pointers;
}

/** `missing required property "url"` (the schemas package's wording) is about the missing child's field. */
function missingChild(error: FieldError): string | undefined {
  const match = /^missing required property ("(?:[^"\\]|\\.)*")/.exec(error.message);
  if (match?.[1] === undefined) return undefined;
  try {
    return childPointer(error.path, JSON.parse(match[1]) as string);
  } catch {
    return undefined;
  }
}

function nearestField(path: string, fields: ReadonlySet<string>): string {
  const tokens = parsePointer(path);
  if (tokens === undefined) return "";
  for (let n = tokens.length; n > 0; n--) {
    const candidate = tokens
      .slice(0, n)
      .map((t) => childPointer("", t))
      .join("");
    if (fields.has(candidate)) return candidate;
  }
  return "";
}

/** Groups errors by the rendered field that shows them (see the header), keeping their order. */
export function assignErrors(errors: readonly FieldError[], fields: ReadonlySet<string>): ErrorIndex {
  const index = new Map<string, FieldError[]>();
  for (const error of errors) {
    const child = missingChild(error);
    const at = child !== undefined && fields.has(child) ? child : nearestField(error.path, fields);
    const list = index.get(at) ?? [];
    if (!list.some((e) => e.message === error.message)) list.push(error);
    index.set(at, list);
  }
  return index;
}

/**
 * The messages shown beside the field at `pointer` (none: an empty list). `reportsOwnSyntax`: the field is an
 * expression editor that already shows its text's JSONata syntax error, so validation's copy of it is left out.
 */
export function errorsAt(index: ErrorIndex, pointer: string, reportsOwnSyntax = false): readonly string[] {
  const errors = index.get(pointer) ?? [];
  return errors.filter((e) => !(reportsOwnSyntax && e.code === "invalid-expression")).map((e) => e.message);
}
