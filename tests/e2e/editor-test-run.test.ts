/**
 * Trying a draft without publishing it (issue 18, items 4 and 5), in headless Chromium against a real runtime:
 * a transform's expression is changed in the editor, Run test-runs the draft as it is on screen (the published
 * version stays as it was) and the run view shows the test run completed with the edited behaviour; then "Test
 * this phase" runs that phase alone with the last run's context and shows its output.
 */
import type { FlowDefinition } from "@mfo/schemas";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DesignerSession, openDesigner, type WatchedPage } from "../support/browser.js";
import { waitForRunStatus } from "../support/run-status.js";
import type { RuntimeProcess } from "../support/runtime-process.js";

const node = (page: Page, id: string) => page.getByTestId(`rf__node-${id}`);

/** start -> a transform `calc` (input.n * 2) -> done, taking { n }. */
const calcFlow: FlowDefinition = {
  id: "calc",
  name: "Calculator",
  input: { type: "object", required: ["n"], properties: { n: { type: "number", default: 3 } } },
  nodes: [
    { id: "start", type: "start", ui: { x: 0, y: 0 } },
    { id: "calc", type: "phase", handler: "transform", params: { expression: "input.n * 2" }, ui: { x: 220, y: 0 } },
    { id: "done", type: "end", ui: { x: 440, y: 0 } },
  ],
  edges: [
    { id: "e1", source: "start", target: "calc" },
    { id: "e2", source: "calc", target: "done" },
  ],
};

describe("test-running a draft in the editor", () => {
  let session: DesignerSession;
  let runtime: RuntimeProcess;
  let view: WatchedPage;

  beforeAll(async () => {
    session = await openDesigner("editor-test-run", { MFO_POLL_MS: "20" });
    ({ runtime, view } = session);
    await runtime.client.publish(calcFlow);
  });
  afterAll(async () => {
    await session?.close();
  });

  it("runs the edited draft without publishing it and shows the test run completed with the edited behaviour", async () => {
    const { page } = view;
    await page.goto(`${runtime.baseUrl}/flows/calc/edit`);
    await node(page, "calc").click();
    await page.getByLabel("Expression").fill("input.n * 10");
    await expect.poll(() => page.locator(".problems .count").textContent()).toBe("0");
    await page.getByText("Saved", { exact: true }).waitFor();

    await page.getByRole("button", { name: "Run", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText(/Runs the draft as it is on screen/).waitFor();
    await dialog.getByLabel(/^N/).fill("4");
    await view.screenshot("test-run-01-dialog");
    await dialog.getByRole("button", { name: "Run draft" }).click();
    await page.waitForURL(/\/instances\//);
    await waitForRunStatus(page, runtime, "calc", "completed");
    await page.locator(".test-run-badge").filter({ hasText: "Test run" }).waitFor();
    await expect.poll(() => node(page, "calc").locator(".flow-node").getAttribute("class")).toContain("run-completed");
    await view.screenshot("test-run-02-run-view");

    const id = new URL(page.url()).pathname.split("/").pop() as string;
    const instance = await runtime.client.getFlow(id);
    expect(instance).toMatchObject({ testRevision: 1, version: 1, status: "completed" });
    expect(instance.context.phases.calc?.output).toBe(40);
    // Nothing was published, and the test run stays out of the default list.
    expect((await runtime.client.getFlowType("calc")).latest?.version).toBe(1);
    expect((await runtime.client.listFlows({ flowType: "calc" })).items).toEqual([]);
  });

  it("tests one phase with the last run's context and shows its output", async () => {
    const { page } = view;
    await page.goto(`${runtime.baseUrl}/flows/calc/edit`);
    await node(page, "calc").click();
    await page.getByRole("button", { name: "Test this phase" }).click();
    const dialog = page.getByRole("dialog");
    const context = dialog.getByLabel("Context (JSON)");
    await expect.poll(async () => JSON.parse(await context.inputValue()).input).toEqual({ n: 4 });
    await dialog.getByText(/From the latest run/).waitFor();
    await dialog.getByRole("button", { name: "Run", exact: true }).click();
    await dialog.getByTestId("test-step-verdict").filter({ hasText: "Succeeded" }).waitFor();
    expect(await dialog.getByTestId("test-step-output").textContent()).toBe("40");
    await view.screenshot("test-run-03-test-step");
  });
});
