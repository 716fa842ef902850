/**
 * Just enough of JSON Schema to suggest what may be typed at a place in a flow definition: follows local `$ref`s,
 * `allOf`, `oneOf`/`anyOf` (narrowed by a discriminator such as a node's `type` when the object has one),
 * `properties`, `additionalProperties` and `items`. Validation stays with @mfo/schemas' compiled validator; this
 * only reads the same schema for completion.
 */

/** A JSON Schema (object form; `true`/`false` schemas carry no suggestions). */
export type Schema = { readonly [keyword: string]: unknown };

/** The discriminator value (e.g. `"phase"`) of the object at `depth` of the path, for a oneOf to pick a branch. */
export type TagAt = (depth: number, property: string) => string | undefined;

const isSchema = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The local definition a `$ref` such as `#/$defs/node` names. */
function deref(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith("#/")) return undefined;
  let at: unknown = root;
  for (const token of ref.slice(2).split("/")) at = isSchema(at) ? at[token] : undefined;
  return isSchema(at) ? at : undefined;
}

function discriminatorOf(schema: Schema): string | undefined {
  const d = schema.discriminator;
  return isSchema(d) && typeof d.propertyName === "string" ? d.propertyName : undefined;
}

/** The `const` or single `enum` value that `property` must have in a branch, if any. */
function fixedValue(root: Schema, branch: Schema, property: string): unknown {
  for (const part of flatten(root, branch, () => undefined, 0)) {
    const props = part.properties;
    const p = isSchema(props) ? props[property] : undefined;
    if (isSchema(p) && "const" in p) return p.const;
  }
  return undefined;
}

/**
 * Every schema object that applies at once to a value (the schema itself, what it refers to, its allOf parts and
 * the oneOf/anyOf branches its tag allows). `depth` is the value's depth in the document, for `tagAt`.
 */
export function flatten(root: Schema, schema: Schema, tagAt: TagAt, depth: number, seen = new Set<Schema>()): Schema[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const out: Schema[] = [schema];
  const target = typeof schema.$ref === "string" ? deref(root, schema.$ref) : undefined;
  if (target) out.push(...flatten(root, target, tagAt, depth, seen));
  for (const part of Array.isArray(schema.allOf) ? schema.allOf : [])
    if (isSchema(part)) out.push(...flatten(root, part, tagAt, depth, seen));
  const discriminator = discriminatorOf(schema);
  const tag = discriminator === undefined ? undefined : tagAt(depth, discriminator);
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const branches = (Array.isArray(schema[keyword]) ? schema[keyword] : []).filter(isSchema);
    const chosen =
      discriminator !== undefined && tag !== undefined
        ? branches.filter((b) => fixedValue(root, b, discriminator) === tag)
        : branches;
    for (const branch of chosen.length > 0 ? chosen : branches) out.push(...flatten(root, branch, tagAt, depth, seen));
  }
  return out;
}

/** The schemas of the value at `path` (pointer tokens from the document's root). */
export function schemasAt(root: Schema, path: readonly string[], tagAt: TagAt): Schema[] {
  let current = flatten(root, root, tagAt, 0);
  path.forEach((token, i) => {
    const next: Schema[] = [];
    for (const s of current) {
      const props = s.properties;
      if (isSchema(props) && isSchema(props[token])) next.push(props[token]);
      else if (/^\d+$/.test(token) && isSchema(s.items)) next.push(s.items);
    }
    current = next.flatMap((s) => flatten(root, s, tagAt, i + 1));
  });
  return current;
}

/** A property an object may have, as the schema describes it. */
export interface PropertySuggestion {
  name: string;
  description?: string;
  required: boolean;
}

/** The properties the schemas name, in schema order, each once. */
export function propertiesOf(schemas: readonly Schema[]): PropertySuggestion[] {
  const byName = new Map<string, PropertySuggestion>();
  const required = new Set(schemas.flatMap((s) => (Array.isArray(s.required) ? (s.required as string[]) : [])));
  for (const s of schemas) {
    if (!isSchema(s.properties)) continue;
    for (const [name, sub] of Object.entries(s.properties)) {
      const known = byName.get(name);
      const description = isSchema(sub) && typeof sub.description === "string" ? sub.description : undefined;
      if (!known) byName.set(name, { name, required: required.has(name), ...(description ? { description } : {}) });
      else if (description && !known.description) known.description = description;
    }
  }
  return [...byName.values()];
}

/** The JSON values the schemas allow for a property, when they are a closed set (enum, const, boolean). */
export function valuesOf(root: Schema, schemas: readonly Schema[], depth: number): unknown[] {
  const values: unknown[] = [];
  const add = (v: unknown) => {
    if (!values.some((x) => JSON.stringify(x) === JSON.stringify(v))) values.push(v);
  };
  for (const s of schemas.flatMap((x) => flatten(root, x, () => undefined, depth))) {
    if ("const" in s) add(s.const);
    if (Array.isArray(s.enum)) for (const v of s.enum) add(v);
    if (s.type === "boolean") for (const v of [true, false]) add(v);
  }
  return values;
}
