/**
 * The flow's input schema as a list of fields the editor can show (name, type, required, default, allowed values,
 * description) and back. Every keyword the list does not model is kept as it is, in the field's `more` or the
 * schema's `rest`, so editing a field never drops a `minimum`, a `format` or the schema's `examples`.
 */

/** The types a field can take in the editor. */
export const FIELD_TYPES = ["string", "number", "integer", "boolean", "object", "array"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

type Json = Record<string, unknown>;

/** One property of the input object. */
export interface InputField {
  readonly name: string;
  /** Undefined: the property has no single type the editor models (an array of types stays in `more`). */
  readonly type: FieldType | undefined;
  readonly required: boolean;
  readonly description?: string | undefined;
  /** Whether the property has a `default` (which may be any JSON value, null included). */
  readonly hasDefault: boolean;
  readonly default?: unknown;
  /** The allowed values; undefined: any value of the type. */
  readonly enum?: readonly unknown[] | undefined;
  /** The property's other keywords (minimum, format, items, title, ...), kept as they are. */
  readonly more: Json;
}

/** The input schema as fields. */
export interface InputModel {
  readonly fields: readonly InputField[];
  /** The schema's keywords besides type, properties and required (examples, additionalProperties, ...). */
  readonly rest: Json;
  /** Names in `required` that are not properties: kept, since the schema says them. */
  readonly otherRequired: readonly string[];
}

/** Either the fields of a schema, or why it cannot be shown as fields (it is then edited as JSON only). */
export type ParsedInput = { readonly model: InputModel } | { readonly unsupported: string };

const isRecord = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const isFieldType = (value: unknown): value is FieldType => (FIELD_TYPES as readonly unknown[]).includes(value);

/** The fields of one property schema. */
function parseField(name: string, schema: Json, required: boolean): InputField {
  const { type, description, default: defaultValue, enum: allowed, ...more } = schema;
  const field: InputField = {
    name,
    type: isFieldType(type) ? type : undefined,
    required,
    description: typeof description === "string" ? description : undefined,
    hasDefault: Object.hasOwn(schema, "default"),
    default: defaultValue,
    enum: Array.isArray(allowed) ? allowed : undefined,
    more: { ...more },
  };
  // What the fields cannot hold goes back with the rest, untouched.
  if (type !== undefined && field.type === undefined) field.more.type = type;
  if (description !== undefined && field.description === undefined) field.more.description = description;
  if (allowed !== undefined && field.enum === undefined) field.more.enum = allowed;
  return field;
}

/** Reads a flow's `input` (undefined: the flow declares no input). */
export function parseInputSchema(input: unknown): ParsedInput {
  if (input === undefined) return { model: { fields: [], rest: {}, otherRequired: [] } };
  if (!isRecord(input)) return { unsupported: `the input schema is ${JSON.stringify(input)}, not an object schema` };
  const { type, properties, required, ...rest } = input;
  if (type !== undefined && type !== "object")
    return { unsupported: `the input is of type ${JSON.stringify(type)}, not an object of fields` };
  if (properties !== undefined && !isRecord(properties)) return { unsupported: "its properties are not an object" };
  if (required !== undefined && !(Array.isArray(required) && required.every((r) => typeof r === "string")))
    return { unsupported: "its required list is not a list of names" };
  const props = properties ?? {};
  const names = new Set<string>((required as string[] | undefined) ?? []);
  const fields: InputField[] = [];
  for (const [name, schema] of Object.entries(props)) {
    if (!isRecord(schema)) return { unsupported: `the schema of "${name}" is ${JSON.stringify(schema)}` };
    fields.push(parseField(name, schema, names.has(name)));
  }
  const otherRequired = [...names].filter((name) => !Object.hasOwn(props, name));
  return { model: { fields, rest, otherRequired } };
}

function buildField(field: InputField): Json {
  const schema: Json = {};
  if (field.type !== undefined) schema.type = field.type;
  if (field.description !== undefined && field.description !== "") schema.description = field.description;
  Object.assign(schema, field.more);
  if (field.enum !== undefined) schema.enum = [...field.enum];
  if (field.hasDefault) schema.default = field.default;
  return schema;
}

/**
 * The schema of these fields; undefined when there is nothing to say (the flow then takes any input). It always
 * says `type: "object"`, also when the schema it was read from did not: an instance's input is an object.
 */
export function buildInputSchema(model: InputModel): Json | undefined {
  if (model.fields.length === 0 && Object.keys(model.rest).length === 0 && model.otherRequired.length === 0)
    return undefined;
  const schema: Json = { type: "object" };
  if (model.fields.length > 0)
    schema.properties = Object.fromEntries(model.fields.map((field) => [field.name, buildField(field)]));
  const required = [...model.fields.filter((f) => f.required).map((f) => f.name), ...model.otherRequired];
  if (required.length > 0) schema.required = required;
  return { ...schema, ...model.rest };
}

/** Why `name` cannot be the name of field `index` (empty, or another field's), or null. */
export function nameProblem(model: InputModel, index: number, name: string): string | null {
  if (name === "") return "a field needs a name";
  const other = model.fields.findIndex((f, i) => i !== index && f.name === name);
  return other === -1 ? null : `another field is called "${name}"`;
}

const withFields = (model: InputModel, fields: InputField[]): InputModel => ({ ...model, fields });

/** A new field at the end, named `name` (not required, a string). */
export function addField(model: InputModel, name: string, type: FieldType = "string"): InputModel {
  return withFields(model, [...model.fields, { name, type, required: false, hasDefault: false, more: {} }]);
}

/** Field `index` with `patch` applied. */
export function updateField(model: InputModel, index: number, patch: Partial<InputField>): InputModel {
  return withFields(
    model,
    model.fields.map((f, i) => (i === index ? { ...f, ...patch } : f)),
  );
}

export function removeField(model: InputModel, index: number): InputModel {
  return withFields(
    model,
    model.fields.filter((_, i) => i !== index),
  );
}

/** Field `from` moved to position `to` (the same model when either is out of range). */
export function moveField(model: InputModel, from: number, to: number): InputModel {
  const fields = [...model.fields];
  const [moved] = fields.splice(from, 1);
  if (moved === undefined || to < 0 || to > fields.length) return model;
  fields.splice(to, 0, moved);
  return withFields(model, fields);
}
