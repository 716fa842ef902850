/**
 * Completion from the flow schema: inside an object, the properties its schema allows that it does not have yet
 * (a node's come from its `type`); after a property's colon, the values the schema allows there (node types,
 * enums, booleans). Ctrl+Space asks; typing a quote or a letter in a key also opens it.
 */
import {
  type Completion,
  type CompletionContext,
  type CompletionResult,
  type CompletionSource,
  insertCompletionText,
} from "@codemirror/autocomplete";
import { ensureSyntaxTree, syntaxTree } from "@codemirror/language";
import type { EditorView } from "@codemirror/view";
import type { SyntaxNode } from "@lezer/common";
import { findProperty, objectSummary, pathOf, propertyName, type ReadText } from "./json-tree.js";
import { propertiesOf, type Schema, schemasAt, type TagAt, valuesOf } from "./schema-walk.js";

/**
 * Where the cursor is: in a key of `object` (`quote` says whether the typed key has its opening quote, and its
 * closing one), or in the value of `property` of `object`. `from` is where what was typed starts.
 */
type Place =
  | { kind: "name"; object: SyntaxNode; from: number; quote: "none" | "open" | "closed"; hasColon: boolean }
  | { kind: "value"; object: SyntaxNode; property: SyntaxNode; from: number };

const PARSE_BUDGET_MS = 100;
const SCALARS = new Set(["String", "Number", "True", "False", "Null", "⚠"]);

function placeAt(context: CompletionContext): Place | undefined {
  const { pos } = context;
  // Parsed up to the cursor (a large document may not be parsed that far yet when asked right after opening).
  const tree = ensureSyntaxTree(context.state, pos, PARSE_BUDGET_MS) ?? syntaxTree(context.state);
  const node = tree.resolveInner(pos, -1);
  const parent = node.parent;
  // A finished key, or a key being typed (an unterminated string or bare word is an error node in the object).
  // The range starts after an opening quote, so what was typed matches the plain property names.
  if (node.name === "PropertyName" && parent?.parent?.name === "Object")
    return {
      kind: "name",
      object: parent.parent,
      from: node.from + 1,
      quote: "closed",
      // A colon right after the name (not one after an error, where the person is inserting a new key).
      hasColon: node.nextSibling?.name === ":",
    };
  if (node.name === "⚠" && parent?.name === "Object") {
    const quoted = context.state.sliceDoc(node.from, node.from + 1) === '"';
    return {
      kind: "name",
      object: parent,
      from: quoted ? node.from + 1 : node.from,
      quote: quoted ? "open" : "none",
      hasColon: false,
    };
  }
  // Between members: right after "{" or ",", or on blank space inside the braces.
  if ((node.name === "{" || node.name === ",") && parent?.name === "Object")
    return { kind: "name", object: parent, from: pos, quote: "none", hasColon: false };
  if (node.name === "Object" && pos > node.from && pos < node.to)
    return { kind: "name", object: node, from: pos, quote: "none", hasColon: false };
  // A value: the node after a property's colon, or the space right after the colon.
  const property = node.name === "Property" ? node : parent?.name === "Property" ? parent : undefined;
  const colon = property?.getChild(":");
  if (property?.parent?.name === "Object" && colon && pos >= colon.to) {
    const scalar = node !== property && SCALARS.has(node.name);
    return { kind: "value", object: property.parent, property, from: scalar ? node.from : pos };
  }
  return undefined;
}

/** The discriminator values of the objects along a path: tagAt(depth) reads the object at that depth. */
function tagsAlong(object: SyntaxNode, read: ReadText): TagAt {
  const objects: SyntaxNode[] = [];
  for (let n: SyntaxNode | null = object; n && n.name !== "JsonText"; n = n.parent)
    if (n.name === "Object" || n.name === "Array") objects.unshift(n);
  return (depth, discriminator) => {
    const at = objects[depth];
    return at?.name === "Object" ? objectSummary(at, read, discriminator).tag : undefined;
  };
}

const json = (value: unknown) => JSON.stringify(value);

/**
 * Applies `text` over what was typed and the rest of the token after the cursor (`"ha|"` becomes `"handler": `, not
 * `"handler": "`). CodeMirror matches the options against the text up to the cursor, so the result's range ends
 * there and the token's tail is taken here.
 */
function replacingToken(text: string): Completion["apply"] {
  return (view: EditorView, _completion: Completion, from: number, to: number) => {
    const tail = /^[\w$-]*"?/.exec(view.state.sliceDoc(to, to + 200))?.[0].length ?? 0;
    view.dispatch(insertCompletionText(view.state, text, from, to + tail));
  };
}

/** A completion source over `schema` (the flow schema) for CodeMirror's JSON language. */
export function createSchemaCompletion(schema: Schema): CompletionSource {
  return (context: CompletionContext): CompletionResult | null => {
    const place = placeAt(context);
    if (!place) return null;
    const read: ReadText = (from, to) => context.state.sliceDoc(from, to);
    const typed = context.state.sliceDoc(place.from, context.pos);
    // Opened by typing only once something is typed; Ctrl+Space opens it anywhere it applies.
    if (!context.explicit && !/^"?[\w$-]/.test(typed) && !(place.kind === "value" && typed === "")) return null;
    const path = pathOf(place.object, read);
    if (!path) return null;
    const tagAt = tagsAlong(place.object, read);
    const depth = path.length;
    if (place.kind === "name") {
      const { names } = objectSummary(place.object, read, "");
      const current = read(place.from, context.pos);
      const colon = place.hasColon ? "" : ": ";
      // The rest of the quoted name (its opening quote is typed already, unless none is).
      const insert = (name: string) => (place.quote === "none" ? json(name) : json(name).slice(1)) + colon;
      const options: Completion[] = propertiesOf(schemasAt(schema, path, tagAt))
        .filter((p) => !names.has(p.name) || p.name === current)
        .map((p) => ({
          label: p.name,
          type: "property",
          apply: replacingToken(insert(p.name)),
          ...(p.required ? { detail: "required", boost: 1 } : {}),
          ...(p.description ? { info: p.description } : {}),
        }));
      return options.length > 0 ? { from: place.from, to: context.pos, options, validFor: /^[\w$-]*$/ } : null;
    }
    const name = propertyName(place.property, read);
    if (name === undefined) return null;
    // Completing the discriminator itself (a node's `type`) offers every branch, not only the current one.
    const open: TagAt = (d, p) => (d === depth && p === name ? undefined : tagAt(d, p));
    const values = valuesOf(schema, schemasAt(schema, [...path, name], open), depth + 1);
    if (values.length === 0 || findProperty(place.object, name, read) === undefined) return null;
    const options: Completion[] = values.map((v) => ({
      label: json(v),
      type: "constant",
      apply: replacingToken(json(v)),
    }));
    return { from: place.from, to: context.pos, options, validFor: /^"?[\w$-]*$/ };
  };
}
