/**
 * The inspector: a form for what is selected, dispatching to the panel for it. Nothing: the flow's own fields.
 * A node: its common fields and its type's fields, found in the node fields table (node-fields.ts). An edge: what
 * picks it and its label. Every change is one editing command; errors from validation show on the field they name.
 */
import type { Catalogue, FlowDefinition, ValidationError } from "@mfo/schemas";
import type { Command } from "../../core/index.js";
import { EdgeInspector } from "./EdgeInspector.js";
import { FlowFields } from "./FlowFields.js";
import { NodeInspector } from "./NodeInspector.js";

export interface InspectorProps {
  doc: FlowDefinition;
  catalogue: Catalogue | undefined;
  errors: readonly ValidationError[];
  selection: { nodes: readonly string[]; edges: readonly string[] };
  onCommand(command: Command): void;
  readOnly?: boolean;
}

export function Inspector({ doc, catalogue, errors, selection, onCommand, readOnly = false }: InspectorProps) {
  let body = <FlowFields doc={doc} errors={errors} readOnly={readOnly} onCommand={onCommand} />;
  if (selection.nodes.length === 1) {
    const index = doc.nodes.findIndex((n) => n.id === selection.nodes[0]);
    const node = doc.nodes[index];
    // Keyed by position, not id: renaming the node in its Id field must not remount the fields (and drop the focus
    // after each keystroke); selecting another node still gives fresh fields.
    if (node)
      body = (
        <NodeInspector
          key={`node-${index}`}
          node={node}
          index={index}
          doc={doc}
          catalogue={catalogue}
          errors={errors}
          readOnly={readOnly}
          onCommand={onCommand}
        />
      );
  } else if (selection.edges.length === 1 && selection.nodes.length === 0) {
    const index = doc.edges.findIndex((e) => e.id === selection.edges[0]);
    const edge = doc.edges[index];
    if (edge)
      body = (
        <EdgeInspector
          key={edge.id}
          edge={edge}
          index={index}
          doc={doc}
          errors={errors}
          readOnly={readOnly}
          onCommand={onCommand}
        />
      );
  } else if (selection.nodes.length > 1) {
    body = (
      <p className="help">{selection.nodes.length} nodes selected. Delete, duplicate (Ctrl+D) or drag them together.</p>
    );
  }
  return (
    <aside className="inspector" aria-label="Inspector">
      {body}
    </aside>
  );
}
