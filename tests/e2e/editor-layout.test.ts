/**
 * Layouts an architect can read, in headless Chromium against a real runtime: a flow imported without positions
 * is spread out instead of stacked on one point; auto layout draws every edge along its routed path; Fit leaves the
 * minimap's corner clear even for a node at the flow's bottom-right; a 250-node chain lays out as a block.
 */
import { readFileSync } from "node:fs";
import type { FlowDefinition } from "@mfo/schemas";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DesignerSession, openDesigner, type WatchedPage } from "../support/browser.js";
import type { RuntimeProcess } from "../support/runtime-process.js";

type Box = { x: number; y: number; width: number; height: number };

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The on-screen boxes of every node, by node id (read in one go: a 250-node flow has many). */
async function nodeBoxes(page: Page): Promise<Map<string, Box>> {
  // Typed by hand: the tests' TypeScript has no DOM library; this runs in the page.
  type Element = { getBoundingClientRect(): Box; getAttribute(name: string): string | null };
  const rects = await page.locator(".react-flow__node").evaluateAll((nodes: Element[]) =>
    nodes.map((n) => {
      const { x, y, width, height } = n.getBoundingClientRect();
      return [n.getAttribute("data-id") ?? "", { x, y, width, height }] as const;
    }),
  );
  return new Map(rects);
}

/** Pairs of nodes drawn on top of each other. */
async function stackedNodes(page: Page): Promise<string[]> {
  const boxes = [...(await nodeBoxes(page)).entries()];
  const found: string[] = [];
  boxes.forEach(([a, boxA], i) => {
    for (const [b, boxB] of boxes.slice(i + 1)) if (overlaps(boxA, boxB)) found.push(`${a} on ${b}`);
  });
  return found;
}

/** Imports `doc` as a file through the JSON panel's Import button, as a person would. */
async function importFlow(page: Page, doc: FlowDefinition) {
  const json = page.getByRole("button", { name: "JSON" });
  if ((await json.getAttribute("aria-pressed")) !== "true") await json.click();
  await page.locator('.json-view input[type="file"]').setInputFiles({
    name: `${doc.id}.json`,
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(doc)),
  });
  await json.click(); // back to the inspector, which gives the canvas its usual width
}

const template = JSON.parse(
  readFileSync(new URL("../../packs/migration/src/templates/assessment/assessment.json", import.meta.url), "utf8"),
) as FlowDefinition;

/** The flow without any `ui`, as a tool that knows nothing of the designer writes it. */
const withoutUi = (doc: FlowDefinition): FlowDefinition => ({
  ...doc,
  nodes: doc.nodes.map(({ ui: _ui, ...node }) => node),
  edges: doc.edges.map(({ ui: _ui, ...edge }) => edge),
});

function chain(n: number): FlowDefinition {
  const ids = ["start", ...Array.from({ length: n - 2 }, (_, i) => `step-${i + 1}`), "end"];
  return {
    id: "long-chain",
    name: "Long chain",
    nodes: ids.map((id, i) =>
      i === 0
        ? { id, type: "start" as const }
        : i === ids.length - 1
          ? { id, type: "end" as const, outcome: "completed" as const }
          : { id, type: "phase" as const, handler: "noop", label: `Step ${i}` },
    ),
    edges: ids.slice(1).map((id, i) => ({ id: `e${i + 1}`, source: ids[i] as string, target: id })),
  };
}

describe("layouts in the editor", () => {
  let session: DesignerSession;
  let runtime: RuntimeProcess;
  let view: WatchedPage;

  beforeAll(async () => {
    session = await openDesigner("editor-layout");
    ({ runtime, view } = session);
  });
  afterAll(async () => {
    await session?.close();
  });

  it("spreads a flow imported without positions instead of stacking it on one point", async () => {
    const { page } = view;
    await page.goto(`${runtime.baseUrl}/new`);
    await page.getByTestId("rf__node-start").waitFor();
    await importFlow(page, withoutUi({ ...template, id: "imported", name: "Imported" }));
    await page.getByTestId("rf__node-risk-gate").waitFor();
    await expect.poll(() => page.locator(".react-flow__node").count(), { timeout: 10_000 }).toBe(template.nodes.length);
    await view.screenshot("layout-01-imported-without-positions");
    await expect.poll(() => stackedNodes(page), { timeout: 10_000 }).toEqual([]);
  });

  it("auto layout draws every edge along its route, around the nodes", async () => {
    const { page } = view;
    await page.getByRole("button", { name: "Auto layout" }).click();
    await expect.poll(() => page.locator("path.routed-edge").count(), { timeout: 10_000 }).toBe(template.edges.length);
    await expect.poll(() => page.locator("path.routed-edge-stale").count(), { timeout: 10_000 }).toBe(0);
    expect(await stackedNodes(page)).toEqual([]);
    // ELK ran in a Web Worker, so the page stayed responsive while it worked.
    expect(page.workers().some((w) => w.url().includes("elk-worker"))).toBe(true);
    await view.screenshot("layout-02-imported-laid-out");
  });

  it("fits a node at the flow's bottom-right into view without hiding it under the minimap", async () => {
    const { page } = view;
    const canvas = (await page.locator(".react-flow").boundingBox()) as Box;
    // A flow shaped like the canvas, so Fit is bound in both directions and its bottom-right node lands in the
    // corner where the minimap floats.
    const [w, h] = [canvas.width * 3, canvas.height * 3];
    await importFlow(page, {
      id: "corner",
      name: "Corner",
      nodes: [
        { id: "start", type: "start", ui: { x: 0, y: 0 } },
        { id: "top-right", type: "phase", handler: "noop", ui: { x: w - 180, y: 0 } },
        { id: "bottom-left", type: "phase", handler: "noop", ui: { x: 0, y: h - 60 } },
        { id: "corner", type: "end", outcome: "completed", ui: { x: w - 180, y: h - 60 } },
      ],
      edges: [
        { id: "e1", source: "start", target: "top-right" },
        { id: "e2", source: "top-right", target: "corner" },
        { id: "e3", source: "start", target: "bottom-left" },
      ],
    });
    await page.getByTestId("rf__node-corner").waitFor();
    // Validation lists this flow's two problems (a debounced pass): the problems panel grows and the canvas shrinks,
    // so Fit is pressed once the canvas has the height it keeps.
    await expect.poll(() => page.locator(".problems .count").textContent(), { timeout: 10_000 }).toBe("2");
    await page.getByRole("button", { name: "Fit", exact: true }).click();
    const box = async (selector: string) => (await page.locator(selector).boundingBox()) as Box;
    await expect
      .poll(
        async () => {
          const corner = await box('[data-testid="rf__node-corner"]');
          const bottomLeft = await box('[data-testid="rf__node-bottom-left"]');
          return {
            underMinimap: overlaps(await box(".react-flow__minimap"), corner),
            underControls: overlaps(await box(".react-flow__controls"), bottomLeft),
            inside:
              corner.x + corner.width <= canvas.x + canvas.width &&
              corner.y + corner.height <= canvas.y + canvas.height,
          };
        },
        { timeout: 10_000 },
      )
      .toEqual({ underMinimap: false, underControls: false, inside: true });
    await view.screenshot("layout-03-fit-clear-of-minimap");
  });

  it("lays out a 250-node chain as a block that Fit shows, not one row", async () => {
    const { page } = view;
    await importFlow(page, chain(250));
    await page.getByTestId("rf__node-step-248").waitFor({ state: "attached" });
    await page.getByRole("button", { name: "Auto layout" }).click();
    await expect
      .poll(() => page.locator("path.routed-edge:not(.routed-edge-stale)").count(), { timeout: 30_000 })
      .toBe(249);
    await page.getByRole("button", { name: "Fit", exact: true }).click();
    // A block, not a row; nodes stay big enough to see, more than a sliver at the fitted zoom.
    const shape = async () => {
      const boxes = [...(await nodeBoxes(page)).values()];
      const width = Math.max(...boxes.map((b) => b.x + b.width)) - Math.min(...boxes.map((b) => b.x));
      const height = Math.max(...boxes.map((b) => b.y + b.height)) - Math.min(...boxes.map((b) => b.y));
      return { block: width / height < 4, visible: Math.min(...boxes.map((b) => b.width)) > 20 };
    };
    await expect.poll(shape, { timeout: 10_000 }).toEqual({ block: true, visible: true });
    await view.screenshot("layout-04-chain-250");
  });

  it("lays out the assessment template readably", async () => {
    const { page } = view;
    await page.goto(`${runtime.baseUrl}/flows/assessment/edit`);
    await page.getByTestId("rf__node-risk-gate").waitFor();
    await page.getByRole("button", { name: "Auto layout" }).click();
    await expect
      .poll(() => page.locator("path.routed-edge:not(.routed-edge-stale)").count(), { timeout: 10_000 })
      .toBe(template.edges.length);
    await view.screenshot("layout-05-assessment");
    // Closer, to see the routes bend around nodes and the labels sit on their lines.
    await page.getByRole("button", { name: "Zoom In" }).click();
    await page.getByRole("button", { name: "Zoom In" }).click();
    await view.screenshot("layout-06-assessment-closer");
    expect(view.errors).toEqual([]);
  });
});
