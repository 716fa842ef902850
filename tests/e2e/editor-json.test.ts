/**
 * The JSON view as a code editor, in headless Chromium against a real runtime: a drag on a 250-node flow with the
 * JSON view open ends with the new position in the text without serialising the whole document on every mouse
 * move (issue 16, defect 6: each move used to re-serialise and replace the text); a value the schema refuses is
 * marked at its line; completion offers a node's properties from the flow schema and a completed edit reaches
 * the canvas.
 */
import type { FlowDefinition } from "@mfo/schemas";
import { generateFlow } from "@mfo/schemas/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DesignerSession, openDesigner, type WatchedPage } from "../support/browser.js";

const CHILD: FlowDefinition = {
  id: "json-child",
  name: "Child",
  nodes: [
    { id: "start", type: "start" },
    { id: "end", type: "end" },
  ],
  edges: [{ id: "e1", source: "start", target: "end" }],
};
const GENERATED = generateFlow({ nodes: 250, seed: 3, id: "json-big", subflowTypes: [CHILD.id] });
/** On a 16-column grid, so that at the fitted zoom a node is big enough to grab (the generator draws one row). */
const BIG: FlowDefinition = {
  ...GENERATED,
  nodes: GENERATED.nodes.map((n, i) => ({ ...n, ui: { x: (i % 16) * 240, y: Math.floor(i / 16) * 140 } })),
};
const MOVES = 20;

/**
 * Counts full-document serialisations in the page: JSON.stringify calls with indentation whose text is larger
 * than 20,000 characters (a 250-node flow is about 95,000). Installed before the designer's scripts load.
 */
function countSerialisations() {
  const original = JSON.stringify;
  const w = globalThis as unknown as { mfoSerialisations: number };
  w.mfoSerialisations = 0;
  JSON.stringify = function (this: unknown, ...args: Parameters<typeof JSON.stringify>) {
    const text = original.apply(this, args);
    if (args[2] !== undefined && typeof text === "string" && text.length > 20_000) w.mfoSerialisations++;
    return text;
  } as typeof JSON.stringify;
}
const serialisations = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { mfoSerialisations: number }).mfoSerialisations);
const marks = (page: Page, name: string) => page.evaluate((n) => performance.getEntriesByName(n).length, name);

/** The lines the JSON view draws (it draws those in and near view, which includes the top of the document). */
const shownText = async (page: Page) => (await page.locator(".json-view .cm-line").allTextContents()).join("\n");
const line = (page: Page, text: string) => page.locator(".json-view .cm-line", { hasText: text });
const node = (page: Page, id: string) => page.getByTestId(`rf__node-${id}`);

describe("the JSON view as a code editor", () => {
  let session: DesignerSession;
  let view: WatchedPage;

  beforeAll(async () => {
    session = await openDesigner("editor-json");
    view = session.view;
    await session.runtime.client.publish(CHILD);
    await session.runtime.client.publish(BIG);
    await view.page.addInitScript(countSerialisations);
  });
  afterAll(async () => {
    await session?.close();
  });

  it("follows a drag on a 250-node flow with the new position, without re-serialising on every move", async () => {
    const { page } = view;
    await page.goto(`${session.runtime.baseUrl}/flows/${BIG.id}/edit`);
    await expect.poll(() => page.locator(".react-flow__node").count(), { timeout: 60_000 }).toBe(250);
    await page.getByRole("button", { name: "JSON", exact: true }).click();
    await page.getByRole("complementary", { name: "JSON" }).waitFor();
    await page.waitForTimeout(500);

    const box = await node(page, "start").boundingBox();
    if (!box) throw new Error("the start node is not on screen");
    const before = { serialised: await serialisations(page), updates: await marks(page, "mfo:json-view:update") };
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= MOVES; i++)
      await page.mouse.move(box.x + box.width / 2 + 6 * i, box.y + box.height / 2 + 3 * i);
    await page.mouse.up();

    // 20 moves: the text is serialised and updated once the drag is over, not per move (it used to be every move).
    await page.waitForTimeout(1_000);
    expect((await serialisations(page)) - before.serialised).toBeLessThanOrEqual(2);
    expect((await marks(page, "mfo:json-view:update")) - before.updates).toBeLessThanOrEqual(2);

    // Where the canvas drew the node is where the document has it.
    const style = (await node(page, "start").getAttribute("style")) ?? "";
    const at = /translate\((-?[\d.]+)px, *(-?[\d.]+)px\)/.exec(style);
    const moved = at ? { x: Number(at[1]), y: Number(at[2]) } : undefined;
    expect(moved).toBeDefined();
    expect(moved?.x).toBeGreaterThan(0);
    await expect
      .poll(async () => /"id": "start",[^}]*?"x": (-?\d+),\s*"y": (-?\d+)/.exec(await shownText(page))?.slice(1, 3))
      .toEqual([String(moved?.x), String(moved?.y)]);

    await view.screenshot("json-01-after-drag");
  });

  it("marks a value the schema refuses at its line, and text that is not JSON where it breaks", async () => {
    const { page } = view;
    await line(page, `"name": "${BIG.name}"`).click();
    await page.keyboard.press("End");
    await page.keyboard.press("Shift+Home");
    await page.keyboard.type('"name": "",');
    const name = line(page, '"name": "",');
    await expect.poll(() => name.locator(".cm-lintRange-error").count(), { timeout: 10_000 }).toBe(1);
    // The gutter marker is on the same line.
    const lineBox = await name.boundingBox();
    const markers = await Promise.all(
      (await page.locator(".json-view .cm-lint-marker-error").all()).map(async (m) => {
        const b = await m.boundingBox();
        return b ? b.y + b.height / 2 : -1;
      }),
    );
    expect(lineBox && markers.some((y) => y > lineBox.y && y < lineBox.y + lineBox.height)).toBe(true);

    // Two commas: not JSON. The alert says so, the line is marked, and the canvas keeps the document.
    await page.keyboard.press("End");
    await page.keyboard.type(",");
    await page
      .getByRole("alert")
      .filter({ hasText: /^Not applied:/ })
      .waitFor();
    await expect
      .poll(() => line(page, '"name": "",,').locator(".cm-lintRange-error").count(), { timeout: 10_000 })
      .toBe(1);
    await page.locator(".json-view .cm-lintRange-error").first().hover();
    await page.waitForTimeout(400);
    await view.screenshot("json-02-errors");
    await page.getByRole("button", { name: "Discard my edit" }).click();
    await expect.poll(() => line(page, '"name": "",').count(), { timeout: 10_000 }).toBe(1);
    await expect(
      page
        .getByRole("alert")
        .filter({ hasText: /^Not applied:/ })
        .count(),
    ).resolves.toBe(0);
  });

  it("completes a node's property from the flow schema, and the edit reaches the canvas", async () => {
    const { page } = view;
    await line(page, '"id": "start",').click();
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type('"la');
    // Typing a key opens completion with what a start node may have (its type is read from the text).
    await page.locator(".cm-tooltip-autocomplete").waitFor();
    expect(await page.locator(".cm-tooltip-autocomplete .cm-completionLabel").allTextContents()).toEqual(["label"]);
    await view.screenshot("json-03-completion");
    await page.keyboard.press("Enter");
    await page.keyboard.type('"Begin",');
    await expect.poll(() => shownText(page), { timeout: 10_000 }).toContain('"label": "Begin",');
    await expect.poll(() => node(page, "start").textContent(), { timeout: 10_000 }).toContain("Begin");
    expect(view.errors).toEqual([]);
  });
});
