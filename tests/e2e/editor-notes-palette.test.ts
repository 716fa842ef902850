/**
 * Sticky notes, the shortcut sheet and the command palette in headless Chromium against a real runtime, with real
 * mouse and keyboard: a note is added, written in markdown, resized and kept in the draft across a reload; `?` shows
 * the shortcuts; Ctrl+K finds a node by its label (selected and brought on screen) and adds a phase.
 */
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DesignerSession, openDesigner, type WatchedPage } from "../support/browser.js";
import type { RuntimeProcess } from "../support/runtime-process.js";

const note = (page: Page, id: string) => page.getByTestId(`rf__node-note:${id}`);
const flowNode = (page: Page, id: string) => page.getByTestId(`rf__node-${id}`);

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error("element not on screen");
  return found;
}

/** Whether `inner` lies wholly inside `outer` (both on screen). */
async function inside(inner: Locator, outer: Locator): Promise<boolean> {
  const a = await inner.boundingBox();
  const b = await outer.boundingBox();
  if (!a || !b) return false;
  return a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
}

/** The draft's notes as the API stores them. */
async function storedNotes(runtime: RuntimeProcess): Promise<unknown> {
  const detail = await runtime.client.getFlowType("assessment");
  return (detail.draft?.definition.ui as { notes?: unknown } | undefined)?.notes;
}

describe("sticky notes, shortcuts and the command palette", () => {
  let session: DesignerSession;
  let runtime: RuntimeProcess;
  let view: WatchedPage;

  beforeAll(async () => {
    session = await openDesigner("editor-notes-palette", {});
    ({ runtime, view } = session);
    await view.page.goto(`${runtime.baseUrl}/flows/assessment/edit`);
    await flowNode(view.page, "risk-gate").waitFor();
  });
  afterAll(async () => {
    await session?.close();
  });

  it("adds a note, writes markdown in it, resizes it, and finds it again after a reload", async () => {
    const { page } = view;
    await page.getByRole("button", { name: "Sticky note" }).click();
    const added = note(page, "note-1");
    await added.waitFor();

    // Double-click opens the text box; clicking the canvas afterwards commits the text.
    await added.dblclick();
    const text = page.getByRole("textbox", { name: "Note text (markdown)" });
    await text.waitFor();
    await page.keyboard.type("# Migration notes");
    await page.keyboard.press("Enter");
    await page.keyboard.type("- check **risk** first");
    await view.screenshot("notes-00-note-editing");
    await page.keyboard.press("Control+Enter");
    await expect.poll(() => added.locator(".md-h1").textContent(), { timeout: 10_000 }).toBe("Migration notes");
    expect(await added.locator("li strong").textContent()).toBe("risk");

    // Resize from the bottom-right handle with the mouse.
    await added.click();
    const before = await box(added);
    const corner = added.locator(".react-flow__resize-control.handle.bottom.right");
    const handle = await box(corner);
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + 120, handle.y + 80, { steps: 10 });
    await page.mouse.up();
    await expect.poll(async () => (await box(added)).width, { timeout: 10_000 }).toBeGreaterThan(before.width + 80);
    const resized = await box(added);
    expect(resized.height).toBeGreaterThan(before.height + 40);
    await view.screenshot("notes-01-note-written-and-resized");

    // The draft autosaves with the note in its ui (the text and the resize may land in two saves); a reload brings
    // the note back as it was.
    const storedNote = async () => ((await storedNotes(runtime)) as { width: number }[] | undefined)?.[0];
    await expect.poll(async () => (await storedNote())?.width ?? 0, { timeout: 10_000 }).toBeGreaterThan(240 + 60);
    expect(await storedNotes(runtime)).toEqual([
      expect.objectContaining({ id: "note-1", text: "# Migration notes\n- check **risk** first" }),
    ]);
    await page.reload();
    await note(page, "note-1").waitFor();
    expect(await note(page, "note-1").locator(".md-h1").textContent()).toBe("Migration notes");
    expect((await box(note(page, "note-1"))).width).toBeGreaterThan(before.width + 60);
    // Not a flow node: the problems list and the node count ignore it.
    expect(await page.locator(".flow-node").count()).toBe(9);
  });

  it("opens the keyboard shortcut sheet with ?, closes it with Escape", async () => {
    const { page } = view;
    await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
    await page.keyboard.press("Shift+Slash");
    const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await sheet.waitFor();
    for (const group of ["Editing", "Selection", "View", "Canvas and notes"]) {
      expect(await sheet.getByRole("heading", { name: group }).count()).toBe(1);
    }
    expect(await sheet.getByText("Command palette: add, find, run, publish").count()).toBe(1);
    await view.screenshot("notes-02-shortcut-sheet");
    // A modal: Tab keeps the focus inside; Escape closes it and the focus goes back to the canvas.
    const focusInSheet = () => sheet.locator(":focus").count();
    expect(await focusInSheet()).toBe(1);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await focusInSheet()).toBe(1);
    await page.keyboard.press("Escape");
    await expect.poll(() => sheet.count(), { timeout: 10_000 }).toBe(0);
  });

  it("finds a node by its label with Ctrl+K: it is selected and brought on screen", async () => {
    const { page } = view;
    const canvas = page.locator(".canvas");
    // Pan the flow far off to the left (drags on the empty top of the canvas), so the node is off screen.
    for (let i = 0; i < 3; i++) {
      const b = await box(canvas);
      await page.mouse.move(b.x + b.width - 40, b.y + 30);
      await page.mouse.down();
      await page.mouse.move(b.x + 40, b.y + 30, { steps: 8 });
      await page.mouse.up();
    }
    expect(await inside(flowNode(page, "sign-off"), canvas)).toBe(false);

    await page.keyboard.press("Control+k");
    const palette = page.getByRole("dialog", { name: "Command palette" });
    await palette.waitFor();
    await page.keyboard.type("sign-off");
    await view.screenshot("notes-03-command-palette-find");
    await page.keyboard.press("Enter");
    await expect.poll(() => palette.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => inside(flowNode(page, "sign-off"), canvas), { timeout: 10_000 }).toBe(true);
    expect(await flowNode(page, "sign-off").getAttribute("class")).toContain("selected");
    // The inspector shows the found node.
    const id = page.getByRole("complementary", { name: "Inspector" }).getByRole("textbox", { name: "Id", exact: true });
    expect(await id.inputValue()).toBe("sign-off");
  });

  it("adds a phase from the command palette", async () => {
    const { page } = view;
    const phases = () => page.locator(".flow-node-phase").count();
    const count = await phases();
    await page.keyboard.press("Control+k");
    await page.getByRole("combobox", { name: "Command" }).waitFor();
    await page.keyboard.type("add phase");
    await view.screenshot("notes-04-palette-add-phase");
    await page.keyboard.press("Enter");
    await expect.poll(phases, { timeout: 10_000 }).toBe(count + 1);
    await flowNode(page, "phase-1").waitFor();
    expect(await flowNode(page, "phase-1").getAttribute("class")).toContain("selected");
    await view.screenshot("notes-05-phase-added");
  });

  it("resizes a note from its top-left corner: it grows up and to the left, and the draft keeps where it went", async () => {
    const { page } = view;
    const target = note(page, "note-1");
    const start = await box(target);
    await target.click({ position: { x: 12, y: start.height - 12 } });
    const handle = await box(target.locator(".react-flow__resize-control.handle.top.left"));
    const [saved] = (await storedNotes(runtime)) as { x: number; y: number; width: number }[];
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x - 60, handle.y - 40, { steps: 10 });
    await page.mouse.up();
    await expect.poll(async () => (await box(target)).x, { timeout: 10_000 }).toBeLessThan(start.x - 30);
    const after = await box(target);
    expect(after.width).toBeGreaterThan(start.width + 30);
    // The bottom-right corner stayed where it was (within the snap grid).
    expect(Math.abs(after.x + after.width - (start.x + start.width))).toBeLessThan(12);
    await expect
      .poll(async () => ((await storedNotes(runtime)) as { x: number }[])[0]?.x, { timeout: 10_000 })
      .toBeLessThan((saved?.x ?? 0) - 30);
    const [moved] = (await storedNotes(runtime)) as { x: number; y: number; width: number }[];
    expect(moved?.y).toBeLessThan(saved?.y ?? 0);
    expect(moved?.width).toBeGreaterThan(saved?.width ?? 0);
  });

  it("deletes a selected note with Delete, and Ctrl+Z brings it back", async () => {
    const { page } = view;
    const target = note(page, "note-1");
    const { height } = await box(target);
    // Its bottom-left corner: the flow's nodes sit on top of the note elsewhere.
    await target.click({ position: { x: 12, y: height - 12 } });
    await page.keyboard.press("Delete");
    await expect.poll(() => target.count(), { timeout: 10_000 }).toBe(0);
    expect(await page.locator(".flow-node").count()).toBe(10);
    await page.keyboard.press("Control+z");
    await target.waitFor();
    expect(await target.locator(".md-h1").textContent()).toBe("Migration notes");
  });

  it("logs no errors in the browser console", () => {
    expect(view.errors).toEqual([]);
  });
});
