/**
 * The editor's selection in headless Chromium with real mouse and keyboard (issue 16, defect 1): renaming a node
 * in its Id field keeps the field, its focus and every keystroke, and the inspector stays on the node; dragging a
 * node of a flow built here and published leaves the inspector still; Ctrl+A selects everything on the canvas and
 * Ctrl+S saves the draft at once.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DesignerSession, openDesigner, type WatchedPage } from "../support/browser.js";
import { canvasNode, dragBetween, dropFromPalette, nodeHandle } from "../support/canvas-gestures.js";
import type { RuntimeProcess } from "../support/runtime-process.js";

/**
 * What the inspector shows and where the focus is, once per animation frame for `ms`: every distinct state seen.
 * A rename that re-keys the selection shows up here as the Flow panel between two node panels.
 */
async function watchInspector(page: Page, ms = 1_000): Promise<string[]> {
  // Runs in the page (the tests compile without the DOM library, hence the script as text).
  return page.evaluate(`(async () => {
    const seen = new Set();
    const end = performance.now() + ${ms};
    while (performance.now() < end) {
      const panel = document.querySelector(".inspector section")?.getAttribute("aria-label") ?? "(no panel)";
      const focused = document.activeElement;
      seen.add(panel + ", focus on " + (focused?.id ? "#" + focused.id : focused?.tagName));
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    return [...seen];
  })()`);
}

const focusedId = (page: Page) => page.evaluate<string>("document.activeElement?.id ?? ''");
const selected = (page: Page, kind: "node" | "edge") => page.locator(`.react-flow__${kind}.selected`).count();

describe("selection and renaming in the editor", () => {
  let session: DesignerSession;
  let runtime: RuntimeProcess;
  let view: WatchedPage;

  beforeAll(async () => {
    session = await openDesigner("editor-selection", {});
    ({ runtime, view } = session);
  });
  afterAll(async () => {
    await session?.close();
  });

  it("renames a dropped phase from its Id field key by key, keeping the focus and the node panel", async () => {
    const { page } = view;
    await page.getByRole("button", { name: "New flow" }).click();
    await canvasNode(page, "start").waitFor();
    await dropFromPalette(page, "Phase", 350, 120, "phase-1");
    await page.getByRole("region", { name: "Node phase-1" }).waitFor();
    const id = page.locator("#node-id");
    await id.click();
    await page.keyboard.press("End");
    for (const key of "score") await page.keyboard.press(key);
    expect(await id.inputValue()).toBe("phase-1score");
    expect(await focusedId(page)).toBe("node-id");
    await page.keyboard.press("Enter");
    await canvasNode(page, "phase-1score").waitFor();
    expect(await canvasNode(page, "phase-1").count()).toBe(0);
    expect(await watchInspector(page)).toEqual(["Node phase-1score, focus on #node-id"]);
    expect(await id.inputValue()).toBe("phase-1score");
    await view.screenshot("selection-01-renamed");

    // Undo gives the old id back with the node still inspected; redo the new one.
    await page.getByRole("button", { name: "Undo" }).click();
    await page.getByRole("region", { name: "Node phase-1" }).waitFor();
    await page.getByRole("button", { name: "Redo" }).click();
    await page.getByRole("region", { name: "Node phase-1score" }).waitFor();
  });

  it("flags an id another node has while typing it, renames nothing, and Escape keeps the id", async () => {
    const { page } = view;
    const id = page.locator("#node-id");
    await id.click();
    await page.keyboard.press("Control+a");
    for (const key of "end") await page.keyboard.press(key);
    await page.getByText('node id "end" is already used').waitFor();
    await page.keyboard.press("Enter");
    expect(await canvasNode(page, "phase-1score").count()).toBe(1);
    await view.screenshot("selection-02-id-taken");
    // On the way to a free id, the taken one costs no keystroke.
    for (const key of "-2") await page.keyboard.press(key);
    expect(await id.inputValue()).toBe("end-2");
    await page.keyboard.press("Escape");
    expect(await id.inputValue()).toBe("phase-1score");
  });

  it("renames when the field loses the focus to a click on another node, and inspects that node", async () => {
    const { page } = view;
    const id = page.locator("#node-id");
    await id.click();
    await page.keyboard.press("End");
    for (const key of "-x") await page.keyboard.press(key);
    await canvasNode(page, "end").click();
    await page.getByRole("region", { name: "Node end" }).waitFor();
    await canvasNode(page, "phase-1score-x").waitFor();
    expect(await watchInspector(page, 500)).toEqual(["Node end, focus on DIV"]);
  });

  /** The flow the drag test builds and publishes, which the Ctrl+A test opens again. */
  let publishedId = "";
  it("drags a node of a flow built here and published without setting the inspector flipping", async () => {
    const { page } = view;
    await page.goto(`${runtime.baseUrl}/new`);
    await canvasNode(page, "start").waitFor();
    await dropFromPalette(page, "Phase", 350, 120, "phase-1");
    await page.locator(".react-flow__edge-interaction").first().click({ force: true });
    await page.keyboard.press("Delete");
    await dragBetween(page, nodeHandle(page, "start", "source"), nodeHandle(page, "phase-1", "target"));
    await dragBetween(page, nodeHandle(page, "phase-1", "source"), nodeHandle(page, "end", "target"));
    await expect.poll(() => page.locator(".problems .count").textContent(), { timeout: 10_000 }).toBe("0");
    await page.getByRole("button", { name: "Publish" }).click();
    // A visit to /new names the flow after the first free id (an earlier test here saved `new-flow`).
    const published = page.getByRole("status").filter({ hasText: /Published new-flow(-\d+)? v1/ });
    await published.waitFor();
    publishedId = /Published (\S+) v1/.exec((await published.textContent()) ?? "")?.[1] ?? "";

    for (const url of [undefined, `${runtime.baseUrl}/flows/${publishedId}/edit`]) {
      if (url) await page.goto(url);
      const box = await canvasNode(page, "phase-1").boundingBox();
      if (!box) throw new Error("phase-1 is not on screen");
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 10 });
      await page.mouse.up();
      expect(await watchInspector(page)).toEqual(["Node phase-1, focus on DIV"]);
    }
    await view.screenshot("selection-03-dragged-published");
  });
  it("selects every node and edge with Ctrl+A on the canvas, but not while typing in a field", async () => {
    const { page } = view;
    await page.goto(`${runtime.baseUrl}/flows/${publishedId}/edit`);
    await canvasNode(page, "phase-1").click();
    await page.locator("#node-label").click();
    await page.keyboard.press("Control+a");
    expect(await selected(page, "node")).toBe(1);
    await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
    await page.getByRole("region", { name: "Flow" }).waitFor();
    await page.keyboard.press("Control+a");
    await expect.poll(() => selected(page, "node"), { timeout: 10_000 }).toBe(3);
    expect(await selected(page, "edge")).toBe(await page.locator(".react-flow__edge").count());
    await page.getByText("3 nodes and 2 edges selected").waitFor();
    await view.screenshot("selection-04-select-all");
  });

  it("saves the draft at once with Ctrl+S, even from a field, instead of opening the browser's save dialog", async () => {
    const { page } = view;
    await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
    await canvasNode(page, "end").click();
    await page.locator("#node-label").fill("Finished");
    await page.locator(".save").filter({ hasText: "Unsaved changes" }).waitFor();
    // Records, after the editor's own listener, whether the browser's default action was prevented.
    await page.evaluate(`window.addEventListener("keydown", (e) => {
      if (e.key === "s") document.body.dataset.saveKeyPrevented = String(e.defaultPrevented);
    })`);
    await page.keyboard.press("Control+s");
    // Read once, right away: the autosave would only start 800 ms after the edit.
    expect(await page.locator(".save").textContent()).not.toBe("Unsaved changes");
    expect(await page.evaluate("document.body.dataset.saveKeyPrevented")).toBe("true");
    await page.locator(".save").filter({ hasText: "Saved" }).waitFor();
    const detail = await runtime.client.getFlowType(publishedId);
    expect(JSON.stringify(detail.draft)).toContain("Finished");
    expect(view.errors).toEqual([]);
  });
});
