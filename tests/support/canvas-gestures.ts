/**
 * Real mouse gestures on the designer's canvas for e2e tests: drag a palette item onto the canvas, drag between
 * two points (handles, nodes), and locate nodes and their handles by flow node id.
 */
import type { Locator, Page } from "playwright-core";

/** A canvas node by its flow node id (React Flow's test id). */
export const canvasNode = (page: Page, id: string): Locator => page.getByTestId(`rf__node-${id}`);

/** A node's connection handle. */
export const nodeHandle = (page: Page, id: string, kind: "source" | "target"): Locator =>
  canvasNode(page, id).locator(`.react-flow__handle.${kind}`);

/** Drags from one element's centre to another's with real mouse events (React Flow listens to pointer moves). */
export async function dragBetween(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error("element not on screen");
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

/**
 * Drags a node type from the palette onto the canvas at (x, y) of the canvas and waits for the node. Chromium
 * delivers a synthetic HTML5 drag only after pointer moves; on a loaded machine the first gesture is sometimes
 * not turned into a drag at all, so the gesture (not the app's drop handling) is tried a second time.
 */
export async function dropFromPalette(page: Page, type: string, x: number, y: number, expectedId: string) {
  const source = page.getByRole("button", { name: type, exact: true });
  const canvas = page.locator(".canvas");
  for (let attempt = 1; attempt <= 2; attempt++) {
    await source.dragTo(canvas, { targetPosition: { x, y } });
    try {
      await canvasNode(page, expectedId).waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 2) throw error;
    }
  }
}
