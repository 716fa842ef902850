/**
 * "Test this phase" as the editor opens it: prefills the context from the flow type's latest run (test runs
 * included) when there is one, else from the input schema's defaults, and runs the phase of the draft on screen
 * through the API (POST /flow-types/:id/draft/test-step).
 */
import type { FlowService as ApiClient } from "@mfo/client";
import type { FlowDefinition, TestStepResult } from "@mfo/schemas";
import { useEffect, useState } from "react";
import { contextOfRun, emptyContext } from "./step-context.js";
import { TestStepDialog } from "./TestStepDialog.js";

export interface TestStepFromEditorProps {
  api: ApiClient;
  doc: FlowDefinition;
  nodeId: string;
  onClose(): void;
}

type Prefill = { context: Record<string, unknown>; source: string };

async function prefillOf(api: ApiClient, doc: FlowDefinition): Promise<Prefill> {
  const { items } = await api.listFlows({ flowType: doc.id, limit: 1, test: "include" });
  const last = items[0];
  if (!last) return { context: emptyContext(doc), source: "No run of this flow yet: the input holds its defaults." };
  const instance = await api.getFlow(last.id);
  return { context: contextOfRun(instance.context), source: `From the latest run (${last.id.slice(0, 8)}).` };
}

export function TestStepFromEditor({ api, doc, nodeId, onClose }: TestStepFromEditorProps) {
  const [prefill, setPrefill] = useState<Prefill | undefined>();
  // The prefill is read once, from the draft as it was when the dialog opened: later edits keep the context typed.
  const [openedWith] = useState(doc);
  useEffect(() => {
    let current = true;
    prefillOf(api, openedWith).then(
      (p) => current && setPrefill(p),
      // No list to read (a key that may not list instances): start from the defaults.
      () => current && setPrefill({ context: emptyContext(openedWith), source: "The input holds its defaults." }),
    );
    return () => {
      current = false;
    };
  }, [api, openedWith]);
  if (!prefill) return null;
  return (
    <TestStepDialog
      nodeId={nodeId}
      initialContext={prefill.context}
      contextSource={prefill.source}
      onRun={async (context) => (await api.testStep(doc.id, { definition: doc, nodeId, context })) as TestStepResult}
      onClose={onClose}
    />
  );
}
