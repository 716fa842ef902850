/**
 * Seeing what a run did (issue 18), as an operator does it in headless Chromium against a real runtime: run the
 * assessment template with its sample input (a high-risk legacy application), wait for the architect's sign-off,
 * scrub the run back to before the sign-off was reached and read the risk score in the Risk node's Output tab, go
 * live again, approve, and read the 6R strategy in the Result panel. The values expected are the ones the runtime
 * stored for this instance (GET /flows/{id}), never numbers written here. A screenshot per step goes to
 * tests/e2e/screenshots/run-data/ (git-ignored); the paths are printed.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { FlowEvent, Instance } from "@mfo/schemas";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DesignerSession, openDesigner, SCREENSHOTS, type WatchedPage } from "../support/browser.js";
import { canvasNode as node } from "../support/canvas-gestures.js";
import { waitForRunStatus } from "../support/run-status.js";
import type { RuntimeProcess } from "../support/runtime-process.js";

const SHOTS = join(SCREENSHOTS, "run-data");
/** Generous: a loaded CI machine takes seconds where a laptop takes milliseconds (vitest's default is 1 s). */
const POLL = { timeout: 15_000 };

/** The `?at=<seq>` of the run view's URL: the event the view shows the run as of (undefined: live). */
const shownSeq = (page: Page): number | undefined => {
  const at = new URL(page.url()).searchParams.get("at");
  return at === null ? undefined : Number(at);
};

/** A phase's output as the runtime stored it in the instance's context (fails the test when it has none). */
function storedOutput<T>(instance: Instance, phase: string): T {
  const output = instance.context.phases[phase]?.output;
  if (output === undefined)
    throw new Error(`${instance.id} has no output of ${phase}: ${JSON.stringify(instance.context)}`);
  return output as T;
}

/** A JSON tree row's accessible name, key and value as the tree prints them (strings quoted or not). */
const shownEntry = (key: string, value: string | number): RegExp =>
  new RegExp(`^${key}: "?${String(value).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"?$`);

/** The node's run state as the canvas draws it (its run-<state> class). */
const drawnState = async (page: Page, id: string) =>
  /run-([a-z]+)/.exec((await node(page, id).locator(".flow-node").getAttribute("class")) ?? "")?.[1] ?? "none";

describe("what a run did: the assessment's risk score as of before sign-off, then its 6R strategy", () => {
  let session: DesignerSession;
  let runtime: RuntimeProcess;
  let view: WatchedPage;
  let page: Page;
  let instanceId: string;
  let waiting: Instance;
  const shot = async (name: string) => {
    const path = join(SHOTS, `${name}.png`);
    // The viewport, as the operator sees it (the panels scroll on their own, so a full-page picture adds nothing).
    await page.screenshot({ path });
    console.log(`screenshot: ${path}`);
  };

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    session = await openDesigner("run-data", { MFO_POLL_MS: "20" });
    ({ runtime, view } = session);
    page = view.page;
  });
  afterAll(async () => {
    await session?.close();
  });

  it("runs the assessment with its high-risk sample input and waits for the architect's sign-off", async () => {
    await page.goto(`${runtime.baseUrl}/flows/assessment/edit`);
    await node(page, "sign-off").waitFor();
    await page.getByRole("button", { name: "Run" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Use sample input" }).click();
    await dialog.getByRole("button", { name: "Run v1" }).click();
    await waitForRunStatus(page, runtime, "assessment", "waiting");
    instanceId = /\/instances\/([^/?#]+)/.exec(page.url())?.[1] as string;
    expect(instanceId).toBeTruthy();

    waiting = await runtime.client.getFlow(instanceId);
    const sample = (
      (await runtime.client.getVersion("assessment", waiting.version)).definition.input as {
        examples: unknown[];
      }
    ).examples[0];
    expect(waiting.context.input).toEqual(sample);
    expect(waiting.currentNodes).toEqual(["sign-off"]);
    expect(storedOutput(waiting, "risk")).toMatchObject({ level: "high" });
    expect(await drawnState(page, "sign-off")).toBe("waiting");
    await shot("01-waiting-for-sign-off");
  });

  it("scrubs back to before the sign-off was reached; the Risk node's Output tab shows the risk score", async () => {
    const events: FlowEvent[] = (await runtime.client.events(instanceId)).items;
    // The first event about the sign-off node is where the run reached it; the one before it is the last point
    // before sign-off, where the risk phase had already scored.
    const reached = events.findIndex((e) => e.nodeId === "sign-off");
    const lastBefore = events[reached - 1];
    expect(lastBefore, JSON.stringify(events.map((e) => [e.seq, e.type, e.nodeId]))).toBeDefined();
    const target = (lastBefore as FlowEvent).seq;

    const timeline = page.getByRole("region", { name: "Timeline" });
    const slider = timeline.getByRole("slider", { name: "Event" });
    await slider.waitFor(POLL);
    expect(shownSeq(page)).toBeUndefined();
    await slider.focus();
    // Step back one event at a time (Left), as an operator would; bounded by the number of events, so a scrubber
    // that ignores the key fails here rather than looping.
    for (let steps = 0; steps < events.length && shownSeq(page) !== target; steps++) {
      const at = shownSeq(page);
      await slider.press("ArrowLeft");
      await expect.poll(() => shownSeq(page), POLL).not.toBe(at);
    }
    expect(shownSeq(page)).toBe(target);
    // The canvas shows the run as it was then: the risk phase done, the sign-off not waiting yet.
    await expect.poll(() => drawnState(page, "sign-off"), POLL).not.toBe("waiting");
    expect(await drawnState(page, "risk")).toBe("completed");
    await shot("02-scrubbed-to-before-sign-off");

    await node(page, "risk").click();
    const panel = page.getByRole("complementary", { name: "Node Risk" });
    await panel.getByRole("tab", { name: "Output" }).click();
    const output = panel.getByRole("tabpanel", { name: "Output" });
    const risk = storedOutput<{ score: number; level: string }>(waiting, "risk");
    await output.getByRole("treeitem", { name: shownEntry("score", risk.score) }).waitFor(POLL);
    await output.getByRole("treeitem", { name: shownEntry("level", risk.level) }).waitFor(POLL);
    // What the panel read is the attempt the runtime recorded for the node: the same output as the context's.
    const recorded = (await runtime.client.nodeData(instanceId, "risk")).attempts.at(-1);
    expect(recorded?.output).toEqual(risk);
    await shot("03-risk-output-before-sign-off");

    // Home: the first event, before anything ran; the panel follows the point shown.
    await slider.focus();
    await slider.press("Home");
    await expect.poll(() => shownSeq(page), POLL).toBe(events[0]?.seq);
    await panel.getByText("This node had not run yet at this point.").waitFor(POLL);
    expect(await drawnState(page, "risk")).not.toBe("completed");
    await shot("04-first-event-risk-not-run-yet");
  });

  it("goes live, approves the sign-off, and the Result panel shows the 6R strategy", async () => {
    const timeline = page.getByRole("region", { name: "Timeline" });
    await timeline.getByRole("button", { name: "Live", exact: true }).click();
    await expect.poll(() => shownSeq(page), POLL).toBeUndefined();
    await expect.poll(() => drawnState(page, "sign-off"), POLL).toBe("waiting");
    // Close the node panel: the Result panel opens by itself once the run ends, unless a node is selected.
    await page
      .getByRole("complementary", { name: "Node Risk" })
      .getByRole("button", { name: /^Close/ })
      .click();
    await shot("05-live-again");

    await page.getByRole("button", { name: "Approve Architect sign-off" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Approve" }).click();
    await waitForRunStatus(page, runtime, "assessment", "completed");
    const done = await runtime.client.getFlow(instanceId);
    const recommendation = storedOutput<{ strategy: string; confidence: number }>(done, "recommendations");
    // The Result panel opens by itself once the run ends (closing the node panel before the end did not stop it).
    const result = page.getByRole("complementary", { name: "Result" });
    await result.waitFor(POLL);
    const sixR = result.getByRole("region", { name: "Output of Recommendations (6R)", exact: true });
    await sixR.getByRole("treeitem", { name: shownEntry("strategy", recommendation.strategy) }).waitFor(POLL);
    await sixR.getByRole("treeitem", { name: shownEntry("confidence", recommendation.confidence) }).waitFor(POLL);
    // The panel scrolls on its own: the recommendation is its last phase output, brought into view for the picture.
    await sixR.scrollIntoViewIfNeeded();
    await shot("06-approved-result-with-6r-strategy");
  });

  it("logs no errors in the browser console", () => {
    expect(view.errors.join("\n")).toBe("");
  });
});
