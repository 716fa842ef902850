/**
 * What each node of a JSON Schema becomes in a form: its kind of field, pointer, label, required flag, help
 * text and options. Pure, so that the mapping is tested without a DOM, and so that one decision drives the
 * rendering, the placement of errors and the "=" expression toggle.
 */
import { EXPRESSION_FORMAT, JSON_SCHEMA_KEYWORD } from "@mfo/schemas";
import { childPointer } from "./value-pointer.js";

/** A JSON Schema as the catalogue carries it (an object, or `true`/`false`). */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/**
 * object: nested form of its properties; list: add/remove/reorder items; map: key/value editor;
 * text/textarea/url/expression/select/number/integer/boolean: one input; json: JSON text; json-schema: JSON text
 * that must be a usable JSON Schema.
 */
export type FieldKind =
  | "object"
  | "list"
  | "map"
  | "text"
  | "textarea"
  | "url"
  | "expression"
  | "select"
  | "number"
  | "integer"
  | "boolean"
  | "json"
  | "json-schema";

export interface FieldOption {
  value: unknown;
  label: string;
}

export interface FieldModel {
  kind: FieldKind;
  /** JSON pointer relative to the form's value; "" for the root. */
  pointer: string;
  /** Property name, list index or map key ("" for the root). */
  name: string;
  label: string;
  required: boolean;
  description?: string;
  /** The schema's `default`, shown as a placeholder. */
  defaultValue?: unknown;
  placeholder?: string;
  /** select: the allowed values (`enum`, or `const`). */
  options?: FieldOption[];
  minimum?: number;
  maximum?: number;
  /** Whether a "ƒx" toggle may switch the value to an "=" expression. */
  dynamicAllowed: boolean;
  /** object: one model per property, in schema order. */
  properties?: FieldModel[];
  /** list: the schema of every item. */
  itemSchema?: JsonSchema;
  /** map: the schema of every value. */
  valueSchema?: JsonSchema;
  schema: JsonSchema;
}

export interface FieldModelOptions {
  pointer?: string;
  name?: string;
  /** The label; else the schema's title; else the name humanised. */
  label?: string;
  required?: boolean;
  /** False for the root: a whole params object is never one expression. */
  toggle?: boolean;
}

type Schema = { readonly [keyword: string]: unknown };

const ACRONYMS: ReadonlyMap<string, string> = new Map(
  ["api", "http", "https", "id", "ip", "json", "uri", "url", "uuid"].map((w) => [w, w.toUpperCase()]),
).set("jsonata", "JSONata");

/** "successStatus" -> "Success status", "max_delay_ms" -> "Max delay ms", "url" -> "URL". */
export function humanise(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_\-.]+/)
    .filter((w) => w !== "")
    .map((w) => ACRONYMS.get(w.toLowerCase()) ?? w.toLowerCase());
  const [first, ...rest] = words;
  if (first === undefined) return name;
  const head = ACRONYMS.has(first.toLowerCase()) ? first : first.charAt(0).toUpperCase() + first.slice(1);
  return [head, ...rest].join(" ");
}

function asSchema(schema: unknown): Schema | undefined {
  return schema !== null && typeof schema === "object" && !Array.isArray(schema) ? (schema as Schema) : undefined;
}

function isLongText(schema: Schema): boolean {
  if (typeof schema.maxLength === "number" && schema.maxLength > 200) return true;
  if (schema["x-multiline"] === true || schema.format === "textarea") return true;
  if (typeof schema.contentMediaType === "string" && schema.contentMediaType.startsWith("text/")) return true;
  const description = typeof schema.description === "string" ? schema.description : "";
  return /\b(multi-?line|paragraph|long text|template|markdown)\b/i.test(description);
}

function stringKind(schema: Schema): FieldKind {
  if (schema.format === EXPRESSION_FORMAT) return "expression";
  if (schema.format === "uri" || schema.format === "url" || schema.format === "iri") return "url";
  return isLongText(schema) ? "textarea" : "text";
}

/** The kind of field a schema node becomes; anything the form cannot break down is edited as JSON text. */
export function fieldKind(schema: JsonSchema): FieldKind {
  const s = asSchema(schema);
  if (s === undefined) return "json";
  if (s[JSON_SCHEMA_KEYWORD] === true) return "json-schema";
  if ((Array.isArray(s.enum) && s.enum.length > 0) || Object.hasOwn(s, "const")) return "select";
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (types.length !== 1) return "json";
  switch (types[0]) {
    case "string":
      return stringKind(s);
    case "number":
    case "integer":
    case "boolean":
      return types[0];
    case "object":
      if (asSchema(s.properties)) return "object";
      return s.additionalProperties === false ? "json" : "map";
    case "array":
      return asSchema(s.items) || s.items === true ? "list" : "json";
    case undefined:
      if (asSchema(s.properties)) return "object";
      return "json";
    default:
      return "json";
  }
}

function optionsOf(s: Schema): FieldOption[] {
  const values: unknown[] = Array.isArray(s.enum) ? s.enum : [s.const];
  return values.map((value) => ({ value, label: typeof value === "string" ? value : JSON.stringify(value) }));
}

/** Builds the field model of a schema node, with the models of an object's properties. */
export function buildFieldModel(schema: JsonSchema, options: FieldModelOptions = {}): FieldModel {
  const s = asSchema(schema) ?? {};
  const pointer = options.pointer ?? "";
  const name = options.name ?? "";
  const kind = fieldKind(schema);
  const model: FieldModel = {
    kind,
    pointer,
    name,
    label: options.label ?? (typeof s.title === "string" ? s.title : name === "" ? "Value" : humanise(name)),
    required: options.required ?? false,
    dynamicAllowed: options.toggle !== false && kind !== "expression" && kind !== "json-schema",
    schema,
  };
  if (typeof s.description === "string") model.description = s.description;
  if (Object.hasOwn(s, "default")) {
    model.defaultValue = s.default;
    model.placeholder = typeof s.default === "string" ? s.default : JSON.stringify(s.default);
  }
  if (kind === "select") model.options = optionsOf(s);
  if (typeof s.minimum === "number") model.minimum = s.minimum;
  if (typeof s.maximum === "number") model.maximum = s.maximum;
  if (kind === "list") model.itemSchema = s.items as JsonSchema;
  if (kind === "map") model.valueSchema = (asSchema(s.additionalProperties) ?? true) as JsonSchema;
  if (kind === "object") {
    const required = Array.isArray(s.required) ? s.required : [];
    model.properties = Object.entries(s.properties as Schema).map(([key, sub]) =>
      buildFieldModel(sub as JsonSchema, {
        pointer: childPointer(pointer, key),
        name: key,
        required: required.includes(key),
      }),
    );
  }
  return model;
}

/** The model of item `index` of a list field; an item is always required (emptying it does not remove it). */
export function itemFieldModel(list: FieldModel, index: number): FieldModel {
  return buildFieldModel(list.itemSchema ?? true, {
    pointer: childPointer(list.pointer, index),
    name: String(index),
    label: `${list.label} ${index + 1}`,
    required: true,
  });
}

/** The model of the value under `key` in a map field, labelled by its key. */
export function entryFieldModel(map: FieldModel, key: string): FieldModel {
  return buildFieldModel(map.valueSchema ?? true, {
    pointer: childPointer(map.pointer, key),
    name: key,
    label: key === "" ? "(empty key)" : key,
    required: true,
  });
}
