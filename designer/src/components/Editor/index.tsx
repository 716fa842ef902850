/**
 * The editor: palette, canvas, inspector or JSON view, problems; a toolbar to undo/redo, lay out, save, publish
 * and run. The draft autosaves (with a saved/unsaved indicator); publishing is disabled while problems exist,
 * and problems the server finds land on the same nodes.
 */

import { type FlowService as ApiClient, FlowServiceError as ApiError } from "@mfo/client";
import { type Catalogue, type FlowDefinition, isFlowTypeId, type NodeType, type ValidationError } from "@mfo/schemas";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { copyFragment, DUPLICATE_OFFSET, type Fragment, layoutPositions, toGraph } from "../../core/index.js";
import { useEditor } from "../../hooks/useEditor.js";
import { navigate } from "../../hooks/useRoute.js";
import { Canvas } from "../Canvas/index.js";
import { Inspector } from "../Inspector/index.js";
import { JsonView } from "../JsonView/index.js";
import { Palette } from "../Palette/index.js";
import { ProblemsPanel } from "../ProblemsPanel/index.js";
import { RunDialog } from "../RunDialog/index.js";
import { type Opened, openFlow } from "./load-flow.js";
import { EditorToolbar, type SaveState } from "./Toolbar.js";

export { EditorToolbar, type EditorToolbarProps, type SaveState } from "./Toolbar.js";
export { VersionPicker, type VersionPickerProps } from "./VersionPicker.js";

const AUTOSAVE_MS = 800;

export interface EditorPageProps {
  api: ApiClient;
  flowType?: string | undefined;
  version?: number | undefined;
  from?: string | undefined;
}

export function EditorPage({ api, flowType, version, from }: EditorPageProps) {
  const [opened, setOpened] = useState<Opened | undefined>();
  const [catalogue, setCatalogue] = useState<Catalogue | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    setOpened(undefined);
    const target = { ...(flowType ? { flowType } : {}), ...(version ? { version } : {}), ...(from ? { from } : {}) };
    Promise.all([openFlow(api, target), api.catalogue()]).then(
      ([o, c]) => {
        setCatalogue(c);
        setOpened(o);
      },
      (e: Error) => setError(e.message),
    );
  }, [api, flowType, version, from]);
  if (error)
    return (
      <main className="page">
        <p role="alert" className="error">
          {error}
        </p>
      </main>
    );
  if (!opened) return <p aria-busy="true">Loading…</p>;
  return (
    <ReactFlowProvider>
      <EditorBody api={api} opened={opened} catalogue={catalogue} />
    </ReactFlowProvider>
  );
}

function EditorBody({ api, opened, catalogue }: { api: ApiClient; opened: Opened; catalogue: Catalogue | undefined }) {
  const editor = useEditor(opened.doc, catalogue);
  const { doc, check, selection } = editor;
  const flow = useReactFlow();
  const [panel, setPanel] = useState<"inspector" | "json">("inspector");
  const [save, setSave] = useState<SaveState>("saved");
  const [serverErrors, setServerErrors] = useState<ValidationError[]>([]);
  const [notice, setNotice] = useState<string | undefined>();
  const [running, setRunning] = useState(false);
  const [latest, setLatest] = useState(opened.latestVersion);
  const first = useRef(true);
  const readOnly = opened.readOnly;

  // Autosave the draft under the flow's id, a moment after the last change.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (readOnly) return;
    setSave("unsaved");
    setServerErrors([]);
    const timer = setTimeout(async () => {
      if (!isFlowTypeId(doc.id)) return;
      setSave("saving");
      try {
        await api.saveDraft(doc.id, doc);
        setSave("saved");
      } catch {
        setSave("error");
      }
    }, AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [doc, api, readOnly]);

  const errors = useMemo(() => [...check.errors, ...serverErrors], [check.errors, serverErrors]);
  const graph = useMemo(() => toGraph(doc, { errors }), [doc, errors]);

  const addInView = useCallback(
    (type: NodeType) => {
      const center = flow.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
      editor.run({ kind: "addNode", nodeType: type, position: { x: Math.round(center.x), y: Math.round(center.y) } });
    },
    [flow, editor],
  );

  const publish = async () => {
    try {
      const published = await api.publish(doc);
      setLatest(published.version);
      setNotice(`Published ${published.id} v${published.version}`);
    } catch (e) {
      if (e instanceof ApiError && e.errors.length > 0) setServerErrors(e.errors);
      setNotice((e as Error).message);
    }
  };

  // Keyboard: undo/redo, copy/paste, duplicate (select all and delete are React Flow's own).
  const clipboard = useRef<Fragment | undefined>(undefined);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest("input, textarea, select, [contenteditable]")) return;
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.key.toLowerCase() === "z") {
        event.preventDefault();
        if (event.shiftKey) editor.redo();
        else editor.undo();
      } else if (mod && event.key.toLowerCase() === "y") {
        event.preventDefault();
        editor.redo();
      } else if (mod && event.key.toLowerCase() === "c" && selection.nodes.length > 0) {
        clipboard.current = copyFragment(editor.latest.current, selection.nodes);
      } else if (mod && event.key.toLowerCase() === "v" && clipboard.current && !readOnly) {
        event.preventDefault();
        editor.run({ kind: "paste", fragment: clipboard.current, offset: DUPLICATE_OFFSET });
      } else if (mod && event.key.toLowerCase() === "d" && selection.nodes.length > 0) {
        event.preventDefault();
        editor.run({ kind: "duplicate", ids: selection.nodes });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [editor, selection.nodes, readOnly]);

  const canPublish = !readOnly && check.valid && serverErrors.length === 0;
  return (
    <div className="editor">
      <EditorToolbar
        api={api}
        title={doc.name || doc.id}
        flowType={opened.flowType}
        latest={latest}
        readOnly={readOnly}
        save={save}
        canUndo={editor.canUndo}
        canRedo={editor.canRedo}
        canPublish={canPublish}
        json={panel === "json"}
        onUndo={editor.undo}
        onRedo={editor.redo}
        onLayout={async () => {
          // One undo step, and only positions change: edits made while ELK runs are kept.
          const positions = await layoutPositions(doc);
          editor.seal();
          editor.run({ kind: "moveNodes", positions });
          editor.seal();
          setTimeout(() => flow.fitView(), 50);
        }}
        onFit={() => flow.fitView()}
        onToggleJson={() => setPanel(panel === "json" ? "inspector" : "json")}
        onPublish={publish}
        onRun={() => setRunning(true)}
      />
      {notice || editor.message ? (
        <p className="notice" role="status">
          {editor.message ?? notice}
          <button
            type="button"
            className="quiet"
            aria-label="Dismiss"
            onClick={() => (editor.message ? editor.clearMessage() : setNotice(undefined))}
          >
            ×
          </button>
        </p>
      ) : null}
      <div className="workspace">
        <Palette onAdd={addInView} disabled={readOnly} />
        <Canvas
          graph={graph}
          selection={selection}
          readOnly={readOnly}
          onCommand={editor.run}
          onDragEnd={editor.seal}
          onSelect={editor.select}
        />
        {panel === "json" ? (
          <JsonView doc={doc} onCommand={editor.run} readOnly={readOnly} />
        ) : (
          <Inspector
            doc={doc}
            catalogue={catalogue}
            errors={errors}
            selection={selection}
            onCommand={editor.run}
            readOnly={readOnly}
          />
        )}
      </div>
      <ProblemsPanel
        problems={check.problems}
        onSelect={(p) =>
          editor.select(
            p.target.kind === "node"
              ? { nodes: [p.target.id], edges: [] }
              : p.target.kind === "edge"
                ? { nodes: [], edges: [p.target.id] }
                : { nodes: [], edges: [] },
          )
        }
      />
      {running ? (
        <RunDialog
          definition={doc as FlowDefinition}
          onClose={() => setRunning(false)}
          onRun={async (input) => {
            const instance = await api.createFlow({ flowType: doc.id, input });
            navigate(`/instances/${instance.id}`);
          }}
        />
      ) : null}
    </div>
  );
}
