/**
 * The designer's framework-free core: the document model, editing commands with undo/redo, the mapping to and
 * from React Flow's graph, validation shaped for the editor, and auto layout. No React and no DOM here; the
 * React components wrap this API, and it is what `@mfo/designer/core` exports.
 */
export { copyFragment, DUPLICATE_OFFSET, duplicate, type Fragment, freeOffset, paste } from "./clipboard.js";
export type { CommandResult, Selection } from "./command-result.js";
export { batch, type Command, type CommandArgs, type CommandKind, execute } from "./commands.js";
export {
  applyPatch,
  type EmptyFlowOptions,
  edgeIds,
  emptyFlow,
  findEdge,
  findNode,
  incomingEdges,
  mapEdges,
  mapNodes,
  type NodePatch,
  nodeIds,
  nodePosition,
  outgoingEdges,
  type Patch,
  type Position,
  withPosition,
} from "./document.js";
export {
  connect,
  connectionRefusal,
  type EdgeFields,
  type EdgePatch,
  removeEdges,
  updateEdge,
} from "./edge-commands.js";
export {
  type EdgeRoute,
  edgeRoute,
  fittedRoute,
  polylinePath,
  ROUTE_TOLERANCE,
  shiftRoute,
  withRoute,
} from "./edge-route.js";
export { type FitPadding, fitPadding } from "./fit.js";
export {
  apply,
  canRedo,
  canUndo,
  createHistory,
  DEFAULT_HISTORY_LIMIT,
  type History,
  type HistoryEntry,
  type HistoryOptions,
  type Outcome,
  redo,
  seal,
  select,
  selectAll,
  toggleSelection,
  undo,
} from "./history.js";
export { freshEdgeId, freshId, freshNodeId, idStem } from "./ids.js";
export { estimateLayers } from "./layers.js";
export {
  applyLayout,
  computeLayout,
  DEFAULT_NODE_SIZE,
  type Layout,
  type LayoutEngine,
  type LayoutOptions,
  labelSize,
  layoutFlow,
  type NodeSize,
  setLayoutEngine,
  WRAP_AFTER_LAYERS,
} from "./layout.js";
export {
  addNode,
  type FlowPatch,
  moveNodes,
  removeNodes,
  renameRefusal,
  replaceDocument,
  updateFlow,
  updateNode,
} from "./node-commands.js";
export {
  type AddNoteArgs,
  addNote,
  DEFAULT_NOTE_SIZE,
  MIN_NOTE_SIZE,
  moveNotes,
  NOTE_COLORS,
  type NoteColor,
  type NotePatch,
  notesOf,
  removeNotes,
  type StickyNote,
  updateNote,
} from "./note-commands.js";
export {
  type GraphNote,
  NOTE_NODE_TYPE,
  NOTE_Z_INDEX,
  type NoteBox,
  type NoteNodeData,
  noteCanvasId,
  noteCanvasIds,
  noteIdOf,
  notesToGraph,
  type ResizeChangeLike,
  splitCanvasIds,
  splitCanvasPositions,
  trackNoteResizes,
  withLiveBox,
} from "./note-graph.js";
export {
  isPlaced,
  layoutUnplaced,
  needsPlacement,
  PLACEMENT_GAP,
  placeCommand,
  positioned,
} from "./placement.js";
export {
  checkFlow,
  type FlowCheck,
  type FlowProblem,
  type GroupedErrors,
  groupErrors,
  type ProblemTarget,
  problemTarget,
  toProblems,
} from "./problems.js";
export {
  allSelected,
  changeSelection,
  NO_SELECTION,
  type SelectionChange,
  type SelectToggle,
  sameSelection,
  selectionIn,
} from "./selection.js";
export {
  edgeLabel,
  type FlowEdgeData,
  type FlowNodeData,
  fromGraph,
  type Graph,
  type GraphEdge,
  type GraphEdgeLike,
  type GraphNode,
  type GraphNodeLike,
  type Moves,
  movesFromChanges,
  type NodeChangeLike,
  nodeLabel,
  ROUTED_EDGE,
  type ToGraphOptions,
  toGraph,
} from "./to-graph.js";
