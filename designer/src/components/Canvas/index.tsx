/**
 * The flow on a React Flow canvas: nodes from the document (positions, selection, error badges), drag to
 * move (one undo step per drag), connect handles, delete with the keyboard, drop from the palette. Read-only
 * in run view, where nodes carry their run state instead.
 */
import { type NodeType, nodeTypeInfo } from "@mfo/schemas";
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  type Connection,
  Controls,
  type Edge,
  type EdgeChange,
  MiniMap,
  type Node,
  type NodeChange,
  ReactFlow,
  useReactFlow,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { type DragEvent, useCallback, useEffect, useState } from "react";
import { type Command, type Graph, movesFromChanges } from "../../core/index.js";
import type { EditorSelection } from "../../hooks/useEditor.js";
import { FlowNodeView } from "../FlowNodeView/index.js";
import { DRAG_TYPE } from "../Palette/index.js";

const nodeComponents = Object.fromEntries(
  ["start", "phase", "decision", "parallel", "join", "wait", "approval", "subflow", "end", "unknown"].map((t) => [
    t,
    FlowNodeView,
  ]),
);

// React Flow copies its props into its store by reference: every object or array it gets must keep its identity
// between renders, or each render updates the store and the store update renders again.
const SNAP_GRID: [number, number] = [10, 10];
const DELETE_KEYS = ["Backspace", "Delete"];
/** Fitting a small flow never zooms past 100%: nodes keep their natural size. */
const FIT_VIEW_OPTIONS = { maxZoom: 1 };

export interface CanvasProps {
  graph: Graph;
  selection: EditorSelection;
  readOnly?: boolean;
  onCommand?(command: Command): void;
  onDragEnd?(): void;
  onSelect?(selection: EditorSelection): void;
  /** Extra data per node id (run view). */
  decorate?(node: Node): Node;
}

export function Canvas({ graph, selection, readOnly, onCommand, onDragEnd, onSelect, decorate }: CanvasProps) {
  const flow = useReactFlow();
  const [nodes, setNodes] = useState<Node[]>([]);
  const [edges, setEdges] = useState<Edge[]>([]);

  // The document is the truth for what exists and where; React Flow keeps what it measured and, between
  // renders, what is selected (it applies its own select changes; onSelectionChange mirrors them outward).
  // The editor's selection is written in only when it changes (a new node, a clicked problem).
  useEffect(() => {
    const chosen = new Set(selection.nodes);
    setNodes((previous) => {
      const before = new Map(previous.map((n) => [n.id, n]));
      const next = graph.nodes.map((n) => {
        // An untouched flow node, selected as before: React Flow's own object, so it skips the node (a drag
        // changes one node per mouse move). A node being dragged is already where the document now says (the
        // document follows the drag): keeping React Flow's object spares it a second update of all nodes per move;
        // its `data` catches up on the next change (only its stored position differs, which it does not show).
        const old = before.get(n.id);
        if (old && !decorate && old.selected === chosen.has(n.id)) {
          if (old.data === n.data) return old;
          if (old.dragging && old.position.x === n.position.x && old.position.y === n.position.y) return old;
        }
        const node: Node = {
          ...n,
          type: nodeTypeInfo(n.type) ? n.type : "unknown",
          selected: chosen.has(n.id),
          ...(old?.measured ? { measured: old.measured } : {}),
        } as Node;
        return decorate ? decorate(node) : node;
      });
      // Nothing new: the same list, so neither this canvas nor React Flow renders again.
      return next.length === previous.length && next.every((n, i) => n === previous[i]) ? previous : next;
    });
  }, [graph.nodes, selection.nodes, decorate]);

  useEffect(() => {
    const chosen = new Set(selection.edges);
    setEdges((previous) => {
      const before = new Map(previous.map((e) => [e.id, e]));
      const next = graph.edges.map((e) => {
        const old = before.get(e.id);
        if (old && old.data === e.data && old.selected === chosen.has(e.id)) return old;
        return {
          ...e,
          selected: chosen.has(e.id),
          ...(e.data.errors.length > 0 ? { className: "edge-has-errors" } : {}),
        };
      });
      return next.length === previous.length && next.every((e, i) => e === previous[i]) ? previous : next;
    });
  }, [graph.edges, selection.edges]);

  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      setNodes((current) => applyNodeChanges(changes, current));
      if (readOnly) return;
      const moves = movesFromChanges(changes.filter((c): c is NodeChange & { id: string } => "id" in c));
      if (Object.keys(moves.positions).length > 0) onCommand?.({ kind: "moveNodes", positions: moves.positions });
      if (moves.dragEnded) onDragEnd?.();
    },
    [readOnly, onCommand, onDragEnd],
  );

  // Edges are the document's: React Flow may only select them here (removal goes through onDelete).
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const picks = changes.filter((c) => c.type === "select");
    if (picks.length > 0) setEdges((current) => applyEdgeChanges(picks, current));
  }, []);

  const onConnect = useCallback(
    (c: Connection) => onCommand?.({ kind: "connect", source: c.source, target: c.target }),
    [onCommand],
  );

  const onDelete = useCallback(
    ({ nodes: gone, edges: cut }: { nodes: Node[]; edges: Edge[] }) => {
      const commands: Command[] = [];
      if (gone.length > 0) commands.push({ kind: "removeNodes", ids: gone.map((n) => n.id) });
      const orphaned = new Set(gone.map((n) => n.id));
      const loose = cut.filter((e) => !orphaned.has(e.source) && !orphaned.has(e.target));
      if (loose.length > 0) commands.push({ kind: "removeEdges", ids: loose.map((e) => e.id) });
      if (commands.length > 0) onCommand?.({ kind: "batch", commands });
    },
    [onCommand],
  );

  const onSelectionChange = useCallback(
    ({ nodes: n, edges: e }: { nodes: Node[]; edges: Edge[] }) =>
      onSelect?.({ nodes: n.map((x) => x.id), edges: e.map((x) => x.id) }),
    [onSelect],
  );

  const onDrop = (event: DragEvent) => {
    const type = event.dataTransfer.getData(DRAG_TYPE) as NodeType;
    if (!type || readOnly) return;
    event.preventDefault();
    const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    onCommand?.({
      kind: "addNode",
      nodeType: type,
      position: { x: Math.round(position.x), y: Math.round(position.y) },
    });
  };

  return (
    <div
      className="canvas"
      role="application"
      aria-label="Flow canvas: drop node types here"
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeComponents}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onDelete={onDelete}
        onSelectionChange={onSelectionChange}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        elementsSelectable
        deleteKeyCode={readOnly ? null : DELETE_KEYS}
        snapToGrid
        snapGrid={SNAP_GRID}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.05}
      >
        <Background gap={20} />
        <Controls />
        <MiniMap pannable zoomable />
      </ReactFlow>
    </div>
  );
}
