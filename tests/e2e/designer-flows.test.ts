/**
 * The architect's and operator's main path through the designer in headless Chromium, against a real runtime
 * (fresh embedded database, free port): build a flow from the palette, connect it, fix what validation shows,
 * publish, run it to completion; run the assessment with a high-risk input and approve it in the run view.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DesignerSession, openDesigner, type WatchedPage } from "../support/browser.js";
import { dragBetween, dropFromPalette, nodeHandle as handle, canvasNode as node } from "../support/canvas-gestures.js";
import { waitForRunStatus } from "../support/run-status.js";
import type { RuntimeProcess } from "../support/runtime-process.js";

describe("building, publishing and running flows in the designer", () => {
  let session: DesignerSession;
  let runtime: RuntimeProcess;
  let view: WatchedPage;

  beforeAll(async () => {
    session = await openDesigner("designer-flows", { MFO_POLL_MS: "20" });
    ({ runtime, view } = session);
  });
  afterAll(async () => {
    await session?.close();
  });

  it("builds a flow from the palette, and a badge leaves a node once it is connected", async () => {
    const { page } = view;
    await page.getByRole("button", { name: "New flow" }).click();
    await node(page, "start").waitFor();
    await view.screenshot("09-new-flow");
    await dropFromPalette(page, "Phase", 350, 120, "phase-1");
    await dropFromPalette(page, "Phase", 550, 120, "phase-2");
    // A new phase is unconnected: validation badges it.
    await expect.poll(() => node(page, "phase-1").locator(".flow-node-badge").count(), { timeout: 10_000 }).toBe(1);
    await view.screenshot("10-new-flow-with-phases");

    // Reroute start -> phase-1 -> phase-2 -> end: drop the direct edge, connect the rest.
    await page.locator(".react-flow__edge-interaction").first().click({ force: true });
    await page.keyboard.press("Delete");
    await dragBetween(page, handle(page, "start", "source"), handle(page, "phase-1", "target"));
    await dragBetween(page, handle(page, "phase-1", "source"), handle(page, "phase-2", "target"));
    await dragBetween(page, handle(page, "phase-2", "source"), handle(page, "end", "target"));
    await expect.poll(() => node(page, "phase-1").locator(".flow-node-badge").count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.locator(".react-flow__edge").count(), { timeout: 10_000 }).toBe(3);
    await view.screenshot("11-connected");

    // Copy and paste a node (fresh id), then undo the paste.
    await node(page, "phase-1").click();
    await page.keyboard.press("Control+c");
    await page.keyboard.press("Control+v");
    await expect.poll(() => page.locator(".react-flow__node").count(), { timeout: 10_000 }).toBe(5);
    await page.getByRole("button", { name: "Undo" }).click();
    await expect.poll(() => page.locator(".react-flow__node").count(), { timeout: 10_000 }).toBe(4);
    await expect.poll(() => page.locator(".problems .count").textContent(), { timeout: 10_000 }).toBe("0");
  });

  it("fills a transform expression in the inspector, publishes and runs the flow to completion", async () => {
    const { page } = view;
    await node(page, "phase-2").click();
    await page.getByLabel("Handler").selectOption("transform");
    const expression = page.getByLabel("Expression");
    await expression.fill("{ 'total': 1 + ");
    await page
      .getByRole("alert")
      .filter({ hasText: /end of expression|Expected/ })
      .first()
      .waitFor();
    await expression.fill("{ 'total': 1 + 2 }");
    await expect.poll(() => page.locator(".problems .count").textContent(), { timeout: 10_000 }).toBe("0");
    await view.screenshot("12-inspector");
    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByRole("status").filter({ hasText: "Published new-flow v1" }).waitFor();
    await page.getByRole("button", { name: "Run" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Run v1" }).click();
    await waitForRunStatus(page, runtime, "new-flow", "completed");
    for (const id of ["phase-1", "phase-2", "end"]) {
      await expect
        .poll(() => node(page, id).locator(".flow-node").getAttribute("class"), { timeout: 10_000 })
        .toMatch(/run-completed|run-skipped/);
    }
    expect(await node(page, "phase-2").locator(".flow-node").getAttribute("class")).toContain("run-completed");
    await view.screenshot("13-run-completed");
  });

  it("lists the published versions and shows one read-only", async () => {
    const { page } = view;
    await page.goto(`${runtime.baseUrl}/flows/new-flow/edit`);
    await node(page, "phase-2").waitFor();
    await page.getByLabel("Version").selectOption("1");
    await page.getByText("v1 (read-only)").waitFor();
    expect(new URL(page.url()).search).toBe("?version=1");
    expect(await page.getByRole("button", { name: "Publish" }).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Phase", exact: true }).isDisabled()).toBe(true);
    await view.screenshot("16-read-only-version");
  });

  it("runs the assessment with a high-risk input, is approved in the run view, and completes", async () => {
    const { page } = view;
    const streams: string[] = [];
    page.on("request", (request) => {
      if (/^\/api\/v1\/flows\/[^/]+\/stream$/.test(new URL(request.url()).pathname)) streams.push(request.url());
    });
    await page.goto(`${runtime.baseUrl}/flows/assessment/edit`);
    await node(page, "sign-off").waitFor();
    await page.getByRole("button", { name: "Run" }).click();
    const dialog = page.getByRole("dialog");
    // Fields come in the input schema's order, each labelled (ids are the form's prefix plus the field's pointer).
    expect((await dialog.locator("label").allTextContents()).slice(0, 3)).toEqual([
      "Application *",
      "Lines of code",
      "Integrations",
    ]);
    await dialog.locator('[id="input/application"]').fill("billing");
    await dialog.locator('[id="input/loc"]').fill("250000");
    await dialog.locator('[id="input/integrations"]').fill("15");
    await dialog.getByRole("button", { name: "Run v1" }).click();
    await waitForRunStatus(page, runtime, "assessment", "waiting");
    // The run view follows the instance's event stream (it would say "refreshing" had it fallen back to polling).
    await page.getByTestId("feed-mode").filter({ hasText: "live" }).waitFor();
    expect(streams).toHaveLength(1);
    await view.screenshot("14-waiting-for-sign-off");
    // Named by the node's label; approving asks for confirmation (and an optional comment) first.
    await page.getByRole("button", { name: "Approve Architect sign-off" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Approve" }).click();
    await waitForRunStatus(page, runtime, "assessment", "completed");
    expect(await node(page, "recommendations").locator(".flow-node").getAttribute("class")).toContain("run-completed");
    expect(await node(page, "rejected").locator(".flow-node").getAttribute("class")).toContain("run-skipped");
    await view.screenshot("15-approved-and-completed");
  });

  it("logs no errors in the browser console", () => {
    expect(view.errors.join("\n")).toBe("");
  });
});
