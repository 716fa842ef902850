/**
 * `$secret("name")` is allowed in one place: the "=" params of a phase (other than `transform`), which the runtime
 * resolves only inside the handler call. Anywhere else (a transform, a decision's condition, a wait's `until` or
 * event key, a subflow's input, a validator's params) its value would land in the context, so it is refused on
 * the node. When the caller knows the tenant's secrets (validateFlow's `secrets` option), a name the tenant does
 * not have is an error too: publish fails rather than the first run.
 */
import { isDynamicValue } from "../../expression/check-expression.js";
import { secretCalls } from "../../expression/secret-calls.js";
import { escapePointerToken } from "../../json/pointer.js";
import { isObject, type JsonObject, type Rule } from "../flow-graph.js";

/** Where a phase's params read a secret: the node, the JSON Pointer of the "=" value, and the secret's name. */
export interface SecretReference {
  nodeId: string;
  path: string;
  name: string;
}

/** Texts that are never evaluated, so a `$secret` there is only words. */
const PROSE_KEYS = new Set(["name", "description", "title", "label", "notes"]);

interface Found {
  path: string;
  value: string;
}

/** Every string under `value` with its JSON Pointer (iterative: definitions can be deep). */
function strings(value: unknown, base: string, skipProse: boolean): Found[] {
  const out: Found[] = [];
  const stack: Array<{ value: unknown; path: string; top: boolean }> = [{ value, path: base, top: true }];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: string; top: boolean };
    if (typeof item.value === "string") out.push({ path: item.path, value: item.value });
    else if (Array.isArray(item.value))
      item.value.forEach((v, i) => {
        stack.push({ value: v, path: `${item.path}/${i}`, top: false });
      });
    else if (isObject(item.value))
      for (const [k, v] of Object.entries(item.value)) {
        if (skipProse && item.top && PROSE_KEYS.has(k)) continue;
        stack.push({ value: v, path: `${item.path}/${escapePointerToken(k)}`, top: false });
      }
  }
  return out;
}

/** Whether a node's params are resolved inside a handler call (a phase other than a transform). */
function paramsReadSecrets(node: JsonObject): boolean {
  return node.type === "phase" && node.handler !== "transform" && isObject(node.params);
}

const expressionOf = (text: string) => (isDynamicValue(text) ? text.slice(1) : text);

/** The `$secret("name")` reads of a definition's phase params, in document order (whatever else is wrong with it). */
export function secretReferences(definition: unknown): SecretReference[] {
  const nodes = isObject(definition) && Array.isArray(definition.nodes) ? definition.nodes : [];
  const refs: SecretReference[] = [];
  nodes.forEach((node, index) => {
    if (!isObject(node) || typeof node.id !== "string" || !paramsReadSecrets(node)) return;
    for (const found of strings(node.params, `/nodes/${index}/params`, false)) {
      if (!isDynamicValue(found.value)) continue;
      for (const name of secretCalls(found.value.slice(1)).names)
        refs.push({ nodeId: node.id, path: found.path, name });
    }
  });
  return refs;
}

export const secretUses: Rule = ({ graph, secrets, report }) => {
  for (const node of graph.nodes) {
    const inParams = paramsReadSecrets(node.value);
    const paramsPath = `${node.path}/params`;
    for (const found of strings(node.value, node.path, true)) {
      const allowed = inParams && found.path.startsWith(`${paramsPath}/`);
      if (allowed && !isDynamicValue(found.value)) continue; // a literal param: never evaluated
      const calls = secretCalls(expressionOf(found.value));
      if (calls.names.length === 0 && calls.problems.length === 0) continue;
      if (!allowed) {
        report({
          path: found.path,
          nodeId: node.id,
          code: "secret-not-allowed",
          message: `$secret is allowed only in a phase's "=" params (resolved inside the handler call); here its value would land in the context (node "${node.id}")`,
        });
        continue;
      }
      for (const problem of calls.problems)
        report({ path: found.path, nodeId: node.id, code: "invalid-secret-reference", message: problem });
      for (const name of calls.names)
        if (secrets && !secrets.has(name))
          report({
            path: found.path,
            nodeId: node.id,
            code: "secret-missing",
            message: `node "${node.id}" reads the secret "${name}", which this tenant does not have (PUT /secrets/${name} creates it)`,
          });
    }
  }
  for (const edge of graph.edges) {
    for (const found of strings(edge.value, edge.path, true)) {
      const calls = secretCalls(expressionOf(found.value));
      if (calls.names.length === 0 && calls.problems.length === 0) continue;
      report({
        path: found.path,
        ...(edge.id === undefined ? {} : { edgeId: edge.id }),
        code: "secret-not-allowed",
        message: `$secret is allowed only in a phase's "=" params; an edge's condition would put its value in the flow's path`,
      });
    }
  }
};
