/**
 * The editor: palette, canvas, inspector or JSON view, problems; a toolbar to undo/redo, lay out, save, publish
 * and run. The draft autosaves (with a saved/unsaved indicator); publishing is disabled while problems exist,
 * and problems the server finds land on the same nodes. Autosave, keyboard shortcuts and publishing are hooks
 * beside this file (useAutosave, useEditorShortcuts, usePublish); the component keeps the layout and the wiring.
 */

import type { FlowService as ApiClient } from "@mfo/client";
import type { Catalogue, FlowDefinition, NodeType } from "@mfo/schemas";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { layoutPositions } from "../../core/index.js";
import { useEditor } from "../../hooks/useEditor.js";
import { useGraph } from "../../hooks/useGraph.js";
import { navigate } from "../../hooks/useRoute.js";
import { Canvas } from "../Canvas/index.js";
import { Inspector } from "../Inspector/index.js";
import { Palette } from "../Palette/index.js";
import { ProblemsPanel } from "../ProblemsPanel/index.js";
import { RunDialog } from "../RunDialog/index.js";
import { type Opened, openFlow } from "./load-flow.js";
import { EditorToolbar } from "./Toolbar.js";
import { useAutosave } from "./useAutosave.js";
import { useEditorShortcuts } from "./useEditorShortcuts.js";
import { usePublish } from "./usePublish.js";

// CodeMirror comes with the JSON view: loaded when the view is first opened, not with every editor.
const JsonView = lazy(() => import("../JsonView/index.js").then((m) => ({ default: m.JsonView })));

export { EditorToolbar, type EditorToolbarProps, type SaveState } from "./Toolbar.js";
export { VersionPicker, type VersionPickerProps } from "./VersionPicker.js";

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
  const [running, setRunning] = useState(false);
  const readOnly = opened.readOnly;
  const publishing = usePublish(api, doc, opened.latestVersion);
  const { serverErrors } = publishing;
  // The server's errors were about the document it was sent; an edit makes them stale.
  const save = useAutosave(api, doc, { readOnly, onEdit: publishing.clearServerErrors });
  useEditorShortcuts(editor, readOnly);

  const errors = useMemo(() => [...check.errors, ...serverErrors], [check.errors, serverErrors]);
  const graph = useGraph(doc, errors);

  const addInView = useCallback(
    (type: NodeType) => {
      const center = flow.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
      editor.run({ kind: "addNode", nodeType: type, position: { x: Math.round(center.x), y: Math.round(center.y) } });
    },
    [flow, editor],
  );

  const canPublish = !readOnly && check.valid && serverErrors.length === 0;
  return (
    <div className="editor">
      <EditorToolbar
        api={api}
        title={doc.name || doc.id}
        flowType={opened.flowType}
        latest={publishing.latest}
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
        onPublish={publishing.publish}
        onRun={() => setRunning(true)}
      />
      {publishing.notice || editor.message ? (
        <p className="notice" role="status">
          {editor.message ?? publishing.notice}
          <button
            type="button"
            className="quiet"
            aria-label="Dismiss"
            onClick={() => (editor.message ? editor.clearMessage() : publishing.dismissNotice())}
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
          <Suspense fallback={<aside className="json-view" aria-label="JSON" aria-busy="true" />}>
            <JsonView doc={doc} errors={errors} onCommand={editor.run} readOnly={readOnly} />
          </Suspense>
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
