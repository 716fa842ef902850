/**
 * Walks CodeMirror's JSON syntax tree (from @codemirror/lang-json) the way a JSON pointer walks a document: from a
 * pointer to the text it names (to put a validation error on its line), and from a place in the text back to the
 * path of the objects around it (to know which part of the flow schema applies there). Works on text that only
 * partly parses: the parser recovers around the error, and what cannot be found is reported as not found.
 */
import type { SyntaxNode, Tree } from "@lezer/common";

/** Reads the text between two offsets (EditorState.sliceDoc). */
export type ReadText = (from: number, to: number) => string;

const VALUES = new Set(["Object", "Array", "String", "Number", "True", "False", "Null"]);

/** The children of a node that are JSON values (array items), or properties (object members). */
function childrenNamed(node: SyntaxNode, names: ReadonlySet<string>): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (names.has(child.name)) out.push(child);
  return out;
}
const PROPERTY = new Set(["Property"]);

/** A property's name, unquoted and unescaped (the raw text when it is not a finished JSON string). */
export function propertyName(property: SyntaxNode, read: ReadText): string | undefined {
  const name = property.getChild("PropertyName");
  if (!name) return undefined;
  const raw = read(name.from, name.to);
  return unquote(raw) ?? raw.replace(/^"|"$/g, "");
}

/** The value of a property: its last child that is a JSON value. */
function propertyValue(property: SyntaxNode): SyntaxNode | undefined {
  return childrenNamed(property, VALUES).at(-1);
}

/** The top value of the document. */
function rootValue(tree: Tree): SyntaxNode | undefined {
  return childrenNamed(tree.topNode, VALUES)[0];
}

/** The member `name` of an Object node (the last one, as JSON.parse keeps the last of duplicate keys). */
export function findProperty(object: SyntaxNode, name: string, read: ReadText): SyntaxNode | undefined {
  return childrenNamed(object, PROPERTY).findLast((p) => propertyName(p, read) === name);
}

export interface PointerTarget {
  /** Where the text for the pointer starts and ends (the deepest part of the pointer that exists). */
  from: number;
  to: number;
  /** False when only a prefix of the pointer exists in the text (a missing property, say). */
  exact: boolean;
}

/**
 * The text a pointer's tokens name. For a property, the range is its name when its value is an object or array
 * (underlining a whole node would mark dozens of lines), else name and value; for an array item, the item's first
 * line. Undefined when not even the root is there.
 */
export function pointerTarget(tree: Tree, read: ReadText, tokens: readonly string[]): PointerTarget | undefined {
  let value = rootValue(tree);
  if (!value) return undefined;
  let range = { from: value.from, to: value.from + 1 };
  for (const token of tokens) {
    let next: SyntaxNode | undefined;
    let nextRange: { from: number; to: number } | undefined;
    if (value.name === "Object") {
      const property = findProperty(value, token, read);
      next = property && propertyValue(property);
      if (property && next) {
        const nameNode = property.getChild("PropertyName") ?? property;
        const compound = next.name === "Object" || next.name === "Array";
        nextRange = { from: property.from, to: compound ? nameNode.to : next.to };
      }
    } else if (value.name === "Array" && /^(0|[1-9][0-9]*)$/.test(token)) {
      next = childrenNamed(value, VALUES)[Number(token)];
      if (next) {
        const compound = next.name === "Object" || next.name === "Array";
        nextRange = { from: next.from, to: compound ? next.from + 1 : next.to };
      }
    }
    if (!next || !nextRange) return { ...range, exact: false };
    value = next;
    range = nextRange;
  }
  return { ...range, exact: true };
}

/**
 * The path (pointer tokens) of the Object or Array node `container`, from the root: property names and array
 * indexes. Undefined when the node is not reached through values and properties (inside an error, say).
 */
export function pathOf(container: SyntaxNode, read: ReadText): string[] | undefined {
  const tokens: string[] = [];
  let node: SyntaxNode = container;
  while (node.parent && node.parent.name !== "JsonText") {
    const parent = node.parent;
    if (parent.name === "Property") {
      const name = propertyName(parent, read);
      const object = parent.parent;
      if (name === undefined || !object || object.name !== "Object") return undefined;
      tokens.push(name);
      node = object;
    } else if (parent.name === "Array") {
      tokens.push(String(childrenNamed(parent, VALUES).findIndex((c) => c.from === node.from)));
      node = parent;
    } else {
      return undefined;
    }
  }
  return tokens.reverse();
}

/** The string a JSON string literal holds, or undefined when the text is not one. */
function unquote(text: string): string | undefined {
  if (!text.startsWith('"')) return undefined;
  try {
    return JSON.parse(text) as string;
  } catch {
    return undefined;
  }
}

/** The properties' names of an Object node, and the text value of the string property `discriminator`. */
export function objectSummary(
  object: SyntaxNode,
  read: ReadText,
  discriminator: string,
): { names: Set<string>; tag?: string } {
  const names = new Set<string>();
  let tag: string | undefined;
  for (const property of childrenNamed(object, PROPERTY)) {
    const name = propertyName(property, read);
    if (name === undefined) continue;
    names.add(name);
    const value = propertyValue(property);
    // A key being typed above another member swallows it: `"la" "type": "start"` parses as one property whose
    // name is "la", with the real key `"type"` as an error node before the colon.
    const swallowed = property.getChild("⚠");
    const key = swallowed ? unquote(read(swallowed.from, swallowed.to)) : undefined;
    if (key !== undefined) names.add(key);
    if ((name === discriminator || key === discriminator) && value?.name === "String") {
      try {
        tag = JSON.parse(read(value.from, value.to)) as string;
      } catch {
        // A half-typed tag chooses no variant.
      }
    }
  }
  return tag === undefined ? { names } : { names, tag };
}
