/**
 * Every exported designer component has a story: a PascalCase export (a component; not a CONSTANT) of a .tsx file
 * under designer/src/components must be imported by some story file, or be named below as a part reviewed through
 * another component's stories (with the reason). So a new component cannot reach architects unreviewed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const componentsDir = join(root, "designer", "src", "components");
const storiesDir = join(root, "stories", "src");

/** Exported components reviewed through the stories of the component that composes them. */
const PARTS: Record<string, string> = {
  // SchemaForm's inner renderers: each appears in the SchemaForm stories, one per schema shape.
  Field: "SchemaForm and Inspector field frames, shown in their stories",
  FieldShell: "SchemaForm's frame around a field",
  GroupShell: "SchemaForm's frame around an object or list",
  RootShell: "SchemaForm's outer frame",
  ExpressionToggle: "the '=' toggle of every SchemaForm field",
  ScalarInput: "SchemaForm's input for strings, numbers and booleans",
  JsonTextInput: "SchemaForm's JSON text input",
  ObjectField: "SchemaForm's object fields",
  ListField: "SchemaForm's list fields",
  MapField: "SchemaForm's map fields",
  // The Inspector's panels, each rendered by the Inspector's dispatcher and kept inside its folder (its index exports
  // only Inspector): the Inspector stories show each one, one story per node type and per kind of edge.
  FlowFields: "the Inspector with nothing selected (Inspector Empty story)",
  NodeInspector: "the Inspector with one node selected (a story per node type, and UnknownNodeType)",
  CommonNodeFields: "every node's id and label in the Inspector (RenamesANode story)",
  PhaseFields: "the Inspector's phase fields (PhaseNode and the handler stories)",
  ValidatorList: "the Inspector's phase validators (the validator stories)",
  WaitFields: "the Inspector's wait fields (WaitNode story)",
  SubflowFields: "the Inspector's subflow fields (SubflowNode story)",
  EndFields: "the Inspector's end fields (EndNode story)",
  // The run view's confirmation of approve, reject and cancel (RunView stories: ApproveSendsDecision, CancelAsksFirst).
  ActionDialog:
    "the run view's confirmation dialogs (RunView ApproveSendsDecision, RejectSendsDecision, CancelAsksFirst)",
  EdgeInspector: "the Inspector with one edge selected (DecisionEdge, ApprovalEdge, PlainEdge stories)",
  RemoveFlowType:
    "FlowList's confirmation before deleting a draft or archiving (DeletesADraft, ArchivesWithTheInstanceCount)",
  AnyInput: "the run dialog of a flow without input schema (RunDialog NoInputSchema)",
  FieldRow: "one field of the InputSchemaEditor, edited in its stories (DesignsAField, KeepsOtherKeywords)",
  // The run view's data side: parts of the JSON tree, the node panel and the run view, each shown in their stories.
  JsonRowView: "one row of the JSON tree (JsonTree stories: Keyboard, Search, Redacted)",
  Tabs: "the node panel's Input/Output/Attempts/Logs tabs (NodeDataPanel PhaseWithRetriesAndLogs)",
  AttemptsTable: "the node panel's Attempts tab (NodeDataPanel PhaseWithRetriesAndLogs)",
  LogLines: "the node panel's Logs tab (NodeDataPanel PhaseWithRetriesAndLogs)",
  NodeDetails: "the node panel's Details area (NodeDataPanel Decision, Approval)",
  WholeNumberInput: "the timeout and catch-up limit of the trigger forms (Triggers stories)",
  FormActions: "the Cancel / save buttons of the trigger forms (Triggers stories)",
  RunToolbar: "the run view's toolbar (every RunView story checks its actions)",
  RunPanels: "the run view's side panel (RunView/Data stories)",
  RefitWhenPanelToggles: "the run view's canvas fit as its side panel opens and closes (RunView/Data stories)",
  // The Triggers panel's parts (Triggers stories: Typical, AddsASchedule, PausesResumesAndDeletes, AddsAWebhook).
  Schedules: "the Triggers panel's schedule list (Triggers Typical, PausesResumesAndDeletes)",
  ScheduleForm: "the Triggers panel's schedule form and its preview (Triggers AddsASchedule)",
  DueTimes: "a schedule's next due times (Triggers AddsASchedule)",
  Hooks: "the Triggers panel's webhook list (Triggers Typical)",
  HookForm: "the Triggers panel's webhook form (Triggers AddsAWebhook)",
  SecretForm: "the Secrets page's add and replace form (SecretsPage AddsASecret, ReplacesAValue, NotAdmin)",
  ConfirmAction: "the run view's confirmations (RunView ApproveSendsDecision, RejectSendsDecision, CancelAsksFirst)",
};

const files = (dir: string, suffix: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(suffix) && !f.includes(".test."))
    .map((f) => join(dir, f));

/** Component name -> the file exporting it. */
function exportedComponents(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files(componentsDir, ".tsx")) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^export (?:function|const) ([A-Z][a-z]\w*)/gm))
      found.set(m[1] as string, relative(root, file));
  }
  return found;
}

/** Names imported from the designer's components by story files. */
function storied(): Set<string> {
  const names = new Set<string>();
  for (const file of files(storiesDir, ".stories.tsx")) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*"@mfo\/designer\/components\/[^"]+"/g))
      for (const name of (m[1] as string).split(",")) names.add(name.replace(/^\s*type\s+/, "").trim());
  }
  return names;
}

describe("story coverage", () => {
  it("finds the designer's components (the scan itself works)", () => {
    expect(exportedComponents().get("Canvas")).toBe("designer/src/components/Canvas/index.tsx");
  });

  it("gives every exported designer component a story, or names the component whose stories show it", () => {
    const covered = storied();
    const missing = [...exportedComponents()]
      .filter(([name]) => !covered.has(name) && !(name in PARTS))
      .map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
  });

  it("names no part that no longer exists", () => {
    const exported = exportedComponents();
    expect(Object.keys(PARTS).filter((name) => !exported.has(name))).toEqual([]);
  });
});
