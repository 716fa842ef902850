/**
 * The editor: palette, canvas, inspector or JSON view, problems; a toolbar to undo/redo, lay out, save, publish
 * and run. The draft autosaves (with a saved/unsaved indicator); publishing is disabled while problems exist,
 * and problems the server finds land on the same nodes. Autosave, keyboard shortcuts and publishing are hooks
 * beside this file (useAutosave, useEditorShortcuts, usePublish); the component keeps the layout and the wiring.
 */

import type { FlowService as ApiClient } from "@mfo/client";
import type { Catalogue, NodeType } from "@mfo/schemas";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { notesToGraph } from "../../core/index.js";
import { useEditor } from "../../hooks/useEditor.js";
import { useGraph } from "../../hooks/useGraph.js";
import { navigate } from "../../hooks/useRoute.js";
import { Canvas } from "../Canvas/index.js";
import { EditorCommands } from "../CommandPalette/index.js";
import { ErrorBoundary } from "../ErrorBoundary/index.js";
import { Inspector } from "../Inspector/index.js";
import { Palette } from "../Palette/index.js";
import { ProblemsPanel } from "../ProblemsPanel/index.js";
import { RunFromEditor } from "../RunDialog/index.js";
import { SecretNamesProvider } from "../SecretPicker/index.js";
import { TestStepFromEditor } from "../TestStepDialog/index.js";
import { TriggersPanel } from "../Triggers/index.js";
import { type Opened, openFlow } from "./load-flow.js";
import { EditorToolbar } from "./Toolbar.js";
import { useAutosave } from "./useAutosave.js";
import { useDraftAddress } from "./useDraftAddress.js";
import { useEditorShortcuts } from "./useEditorShortcuts.js";
import { useLayout } from "./useLayout.js";
import { usePublish } from "./usePublish.js";

// CodeMirror comes with the JSON view: loaded when the view is first opened, not with every editor.
const JsonView = lazy(() => import("../JsonView/index.js").then((m) => ({ default: m.JsonView })));

export { EditorToolbar, type EditorToolbarProps, type SaveState } from "./Toolbar.js";
export { EDITOR_SHORTCUTS, type EditorShortcut, shortcutMatches } from "./useEditorShortcuts.js";
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

/** The tenant's secret names for the params forms' "Use secret" (none offered when the key may not list them). */
function useSecretNameList(api: ApiClient): string[] | undefined {
  const [names, setNames] = useState<string[] | undefined>();
  useEffect(() => {
    api.listSecrets().then(
      (list) => setNames(list.items.map((s) => s.name)),
      () => setNames(undefined),
    );
  }, [api]);
  return names;
}

const problemCount = (n: number) => `${n} ${n === 1 ? "problem" : "problems"} in the Problems panel`;

function EditorBody({ api, opened, catalogue }: { api: ApiClient; opened: Opened; catalogue: Catalogue | undefined }) {
  const editor = useEditor(opened.doc, catalogue);
  const { doc, check, selection } = editor;
  const flow = useReactFlow();
  const [panel, setPanel] = useState<"inspector" | "json" | "triggers">("inspector");
  const [running, setRunning] = useState(false);
  /** The phase "Test this phase" is open for (its dialog), if any. */
  const [testingPhase, setTestingPhase] = useState<string | undefined>();
  const readOnly = opened.readOnly;
  const publishing = usePublish(api, doc, opened.latestVersion);
  const { serverErrors } = publishing;
  // The server's errors were about the document it was sent; an edit makes them stale.
  const address = useDraftAddress(opened.flowType);
  const autosave = useAutosave(api, doc, { readOnly, onEdit: publishing.clearServerErrors, onSaved: address.onSaved });
  useEditorShortcuts(editor, readOnly, autosave.saveNow);
  const layout = useLayout(editor);

  const errors = useMemo(() => [...check.errors, ...serverErrors], [check.errors, serverErrors]);
  const graph = useGraph(doc, errors);
  const { ui } = doc;
  const notes = useMemo(() => notesToGraph({ ui }), [ui]);

  const inView = useCallback(() => {
    const center = flow.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
    return { x: Math.round(center.x), y: Math.round(center.y) };
  }, [flow]);
  const addInView = useCallback(
    (type: NodeType) => editor.run({ kind: "addNode", nodeType: type, position: inView() }),
    [inView, editor],
  );
  const addNoteInView = useCallback(() => editor.run({ kind: "addNote", position: inView() }), [inView, editor]);
  const secretNames = useSecretNameList(api);
  const toggleJson = () => setPanel(panel === "json" ? "inspector" : "json");
  const toggleTriggers = () => setPanel(panel === "triggers" ? "inspector" : "triggers");
  const canPublish = !readOnly && check.valid && serverErrors.length === 0;
  return (
    <div className="editor">
      <EditorToolbar
        api={api}
        title={doc.name || doc.id}
        flowType={address.flowType}
        latest={publishing.latest}
        readOnly={readOnly}
        save={autosave.state}
        canUndo={editor.canUndo}
        canRedo={editor.canRedo}
        canPublish={canPublish}
        json={panel === "json"}
        triggers={panel === "triggers"}
        onUndo={editor.undo}
        onRedo={editor.redo}
        onLayout={layout.layout}
        onFit={layout.fit}
        onToggleJson={toggleJson}
        onToggleTriggers={toggleTriggers}
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
        <Palette onAdd={addInView} onAddNote={addNoteInView} disabled={readOnly} />
        <Canvas
          graph={graph}
          notes={notes}
          selection={selection}
          readOnly={readOnly}
          onCommand={editor.run}
          onDragEnd={editor.seal}
          onSelectionChange={editor.changeSelection}
        />
        {panel === "triggers" ? (
          <ErrorBoundary what="the triggers panel" compact>
            <TriggersPanel api={api} flowType={address.flowType} latest={publishing.latest} inputSchema={doc.input} />
          </ErrorBoundary>
        ) : panel === "json" ? (
          <Suspense fallback={<aside className="json-view" aria-label="JSON" aria-busy="true" />}>
            <JsonView doc={doc} errors={errors} onCommand={layout.run} readOnly={readOnly} />
          </Suspense>
        ) : (
          <ErrorBoundary what="the inspector" compact resetKeys={[selection]}>
            <SecretNamesProvider names={secretNames}>
              <Inspector
                doc={doc}
                catalogue={catalogue}
                errors={errors}
                selection={selection}
                onCommand={editor.run}
                readOnly={readOnly}
                onTestPhase={setTestingPhase}
              />
            </SecretNamesProvider>
          </ErrorBoundary>
        )}
      </div>
      <ErrorBoundary what="the problems panel" compact>
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
      </ErrorBoundary>
      <EditorCommands
        doc={doc}
        readOnly={readOnly}
        canPublish={canPublish}
        onAddNode={addInView}
        onAddNote={addNoteInView}
        onSelect={editor.select}
        onRun={() => setRunning(true)}
        onPublish={publishing.publish}
        onLayout={layout.layout}
        onToggleJson={toggleJson}
      />
      {running ? (
        <RunFromEditor
          api={api}
          doc={doc}
          version={readOnly ? publishing.latest : null}
          editable={!readOnly}
          blocked={canPublish ? undefined : problemCount(check.errors.length + serverErrors.length)}
          problems={errors}
          publish={publishing.publish}
          onStarted={(id) => navigate(`/instances/${id}`)}
          onClose={() => setRunning(false)}
        />
      ) : null}
      {testingPhase ? (
        <TestStepFromEditor api={api} doc={doc} nodeId={testingPhase} onClose={() => setTestingPhase(undefined)} />
      ) : null}
    </div>
  );
}
