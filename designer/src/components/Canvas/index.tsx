/**
 * The flow on a React Flow canvas: nodes from the document (positions, selection, error badges), drag to
 * move (one undo step per drag), connect handles, delete with the keyboard, drop from the palette. Read-only
 * in run view, where nodes carry their run state instead.
 */
import { type NodeType, nodeTypeInfo } from "@mfo/schemas";
import {
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
import { type DragEvent, useCallback, useMemo, useRef, useState } from "react";
import {
  type Command,
  changeSelection,
  type Graph,
  type GraphNode,
  type GraphNote,
  movesFromChanges,
  NOTE_NODE_TYPE,
  type NoteBox,
  ROUTED_EDGE,
  type SelectionChange,
  type SelectToggle,
  sameSelection,
  trackNoteResizes,
} from "../../core/index.js";
import type { EditorSelection } from "../../hooks/useEditor.js";
import { FlowNodeView } from "../FlowNodeView/index.js";
import { DRAG_TYPE } from "../Palette/index.js";
import { RoutedEdge } from "../RoutedEdge/index.js";
import { StickyNoteView } from "../StickyNote/index.js";
import { noteNodes } from "./note-nodes.js";

const nodeComponents = {
  ...Object.fromEntries(
    ["start", "phase", "decision", "parallel", "join", "wait", "approval", "subflow", "end", "unknown"].map((t) => [
      t,
      FlowNodeView,
    ]),
  ),
  [NOTE_NODE_TYPE]: StickyNoteView,
};

const edgeComponents = { [ROUTED_EDGE]: RoutedEdge };

// React Flow copies its props into its store by reference: every object or array it gets must keep its identity
// between renders, or each render updates the store and the store update renders again.
const SNAP_GRID: [number, number] = [10, 10];
const DELETE_KEYS = ["Backspace", "Delete"];
/**
 * Fitting a small flow never zooms past 100%: nodes keep their natural size. The padding keeps nodes clear of the
 * minimap (150 px high, bottom right) and the zoom controls (bottom left); the editor's Fit button picks the cheaper
 * side for the minimap (Editor/useLayout.ts).
 */
export const FIT_VIEW_OPTIONS = {
  maxZoom: 1,
  padding: { top: "24px", left: "69px", right: "24px", bottom: "189px" },
} as const;

export interface CanvasProps {
  graph: Graph;
  /** Sticky notes (notesToGraph), drawn behind the flow; moved and deleted through the same commands as nodes. */
  notes?: readonly GraphNote[] | undefined;
  /** What is selected: drawn as given. Without `onSelectionChange` the canvas keeps its own from there (run view). */
  selection: EditorSelection;
  readOnly?: boolean;
  onCommand?(command: Command): void;
  onDragEnd?(): void;
  /** A click, box selection or click on the pane toggled these nodes and edges (apply with changeSelection). */
  onSelectionChange?(change: SelectionChange): void;
  /** Extra data per node id (run view). */
  decorate?(node: Node): Node;
  /** Extra class or data per edge (run view: the edges a run took). */
  decorateEdge?(edge: Edge): Edge;
}

type Measured = NonNullable<Node["measured"]>;

/** A React Flow node and what it was built from, to build it again only when one of those changed. */
interface Built {
  from: GraphNode;
  selected: boolean;
  size: Measured | undefined;
  decorate: CanvasProps["decorate"];
  node: Node;
}

/** The select changes among React Flow's node or edge changes, as selection toggles. */
function toggles(changes: readonly (NodeChange | EdgeChange)[]): SelectToggle[] {
  return changes.flatMap((c) => (c.type === "select" ? [{ id: c.id, selected: c.selected }] : []));
}

export function Canvas(props: CanvasProps) {
  const { graph, notes, readOnly, onCommand, onDragEnd, onSelectionChange, decorate, decorateEdge } = props;
  const flow = useReactFlow();
  // React Flow's nodes and edges are computed from the document and the selection on every render, never kept as
  // a second copy: an id renamed in the document is renamed here in the same render, and React Flow's selection
  // is the editor's (its select changes go to onSelectionChange and come back as the `selection` prop). Only what
  // React Flow measured (node sizes) is kept here, since the document does not hold it.
  const [measured, setMeasured] = useState<ReadonlyMap<string, Measured>>(() => new Map());
  // Notes being resized, drawn at their live box until the note commits it (the document has not changed yet).
  const [liveNotes, setLiveNotes] = useState<ReadonlyMap<string, NoteBox>>(() => new Map());
  // Without onSelectionChange (run view, stories) the canvas keeps its own selection, starting from the prop and
  // starting over whenever the prop names other ids.
  const [own, setOwn] = useState<EditorSelection>(props.selection);
  const [given, setGiven] = useState<EditorSelection>(props.selection);
  if (!sameSelection(given, props.selection)) {
    setGiven(props.selection);
    setOwn(props.selection);
  }
  const selection = onSelectionChange ? props.selection : own;
  const toggle = useCallback(
    (change: SelectionChange) =>
      onSelectionChange ? onSelectionChange(change) : setOwn((current) => changeSelection(current, change)),
    [onSelectionChange],
  );

  // React Flow re-measures and re-renders a node whose object changed, so a node is only rebuilt when its flow
  // node, selection, size or decoration changed (React Flow measures 1,000 nodes in many small batches).
  const built = useRef(new Map<string, Built>());
  const nodes = useMemo(() => {
    const chosen = new Set(selection.nodes);
    const previous = built.current;
    const next = new Map<string, Built>();
    const list = graph.nodes.map((n) => {
      const selected = chosen.has(n.id);
      const size = measured.get(n.id);
      const last = previous.get(n.id);
      if (last && last.from === n && last.selected === selected && last.size === size && last.decorate === decorate) {
        next.set(n.id, last);
        return last.node;
      }
      const node = {
        ...n,
        type: nodeTypeInfo(n.type) ? n.type : "unknown",
        selected,
        ...(size ? { measured: size } : {}),
      } as Node;
      const shown = decorate ? decorate(node) : node;
      next.set(n.id, { from: n, selected, size, decorate, node: shown });
      return shown;
    });
    built.current = next;
    if (!notes || notes.length === 0) return list;
    return [...noteNodes(notes, liveNotes, chosen, measured, readOnly ? undefined : onCommand), ...list];
  }, [graph.nodes, notes, liveNotes, selection.nodes, measured, decorate, readOnly, onCommand]);

  const edges = useMemo(() => {
    const chosen = new Set(selection.edges);
    return graph.edges.map((e): Edge => {
      const edge: Edge = {
        ...e,
        selected: chosen.has(e.id),
        ...(e.data.errors.length > 0 ? { className: "edge-has-errors" } : {}),
      };
      return decorateEdge ? decorateEdge(edge) : edge;
    });
  }, [graph.edges, selection.edges, decorateEdge]);

  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      const sized = changes.filter((c) => c.type === "dimensions" && c.dimensions !== undefined);
      if (sized.length > 0)
        setMeasured((current) => {
          const next = new Map(current);
          for (const c of sized) if (c.type === "dimensions" && c.dimensions) next.set(c.id, c.dimensions);
          return next;
        });
      setLiveNotes((current) => trackNoteResizes(current, changes));
      const picked = toggles(changes);
      if (picked.length > 0) toggle({ nodes: picked });
      if (readOnly) return;
      // A note resized from its top or left edge also moves; the note commits both when the resize ends.
      const resizing = new Set(changes.flatMap((c) => (c.type === "dimensions" && c.resizing ? [c.id] : [])));
      const moves = movesFromChanges(
        changes.filter((c): c is NodeChange & { id: string } => "id" in c && !resizing.has(c.id)),
      );
      if (Object.keys(moves.positions).length > 0) onCommand?.({ kind: "moveNodes", positions: moves.positions });
      if (moves.dragEnded) onDragEnd?.();
    },
    [readOnly, onCommand, onDragEnd, toggle],
  );

  // Edges are the document's: React Flow may only select them here (removal goes through onDelete).
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const picked = toggles(changes);
      if (picked.length > 0) toggle({ edges: picked });
    },
    [toggle],
  );

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
        edgeTypes={edgeComponents}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onDelete={onDelete}
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
        <Controls fitViewOptions={FIT_VIEW_OPTIONS} />
        <MiniMap pannable zoomable />
      </ReactFlow>
    </div>
  );
}
