/**
 * An operator in the run view, in headless Chromium against a real runtime: approve, reject and cancel each ask
 * for confirmation naming the node by its label and the instance, take a comment or a reason, and the history
 * then says who acted and why (the admin key's name, from the runtime's own record). A paused instance's node says
 * paused. Real mouse clicks and typed keys throughout.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DesignerSession, openDesigner, type WatchedPage } from "../support/browser.js";
import { type RuntimeProcess, waitFor } from "../support/runtime-process.js";

const HIGH_RISK = { application: "billing", loc: 250_000, integrations: 15 };

describe("operator actions in the run view", () => {
  let session: DesignerSession;
  let runtime: RuntimeProcess;
  let view: WatchedPage;

  beforeAll(async () => {
    session = await openDesigner("operator-ops", { MFO_POLL_MS: "20" });
    ({ runtime, view } = session);
  });
  afterAll(async () => {
    await session?.close();
  });

  /** A high-risk assessment waiting at its sign-off, its run view open. */
  async function atSignOff(page: Page): Promise<string> {
    const { id } = await runtime.client.createFlow({ flowType: "assessment", input: HIGH_RISK });
    await waitFor(async () => (await runtime.client.getFlow(id)).status === "waiting", {
      timeoutMs: 30_000,
      message: "the assessment did not reach its sign-off",
    });
    await page.goto(`${runtime.baseUrl}/instances/${id}`);
    await page.getByTestId("feed-mode").filter({ hasText: "live" }).waitFor({ timeout: 20_000 });
    return id;
  }

  const history = (page: Page) => page.getByRole("complementary", { name: "History" });

  it("approves only after confirming, with a comment the history keeps beside who approved", async () => {
    const { page } = view;
    const id = await atSignOff(page);
    await page.getByRole("button", { name: "Approve Architect sign-off" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("heading").textContent()).resolves.toBe("Approve Architect sign-off");
    await expect(dialog.textContent()).resolves.toContain(id);
    // The comment field has the focus: typing goes straight into it.
    await page.keyboard.type("risk accepted for Q3");
    await view.screenshot("operator-1-approve-dialog");
    expect((await runtime.client.getFlow(id)).status).toBe("waiting");
    await dialog.getByRole("button", { name: "Approve" }).click();
    await page.getByTestId("instance-status").filter({ hasText: "completed" }).waitFor({ timeout: 20_000 });
    await history(page).getByText("approved by admin (start-up): risk accepted for Q3").waitFor();
    const decided = (await runtime.client.events(id)).items.find((e) => e.type === "node.decided");
    expect(decided?.data).toMatchObject({
      decision: "approve",
      comment: "risk accepted for Q3",
      by: { role: "admin" },
    });
    await view.screenshot("operator-2-approved-history");
  });

  it("shows a paused instance's node as paused, and cancels only after confirming, with a reason", async () => {
    const { page } = view;
    const id = await atSignOff(page);
    await page.getByRole("button", { name: "Pause" }).click();
    await page.getByTestId("instance-status").filter({ hasText: "paused" }).waitFor({ timeout: 20_000 });
    const signOff = page.getByTestId("node-sign-off");
    await signOff.locator('[data-run-state="paused"]').waitFor({ timeout: 20_000 });
    await view.screenshot("operator-3-paused");
    await page.getByRole("button", { name: "Cancel" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.textContent()).resolves.toContain(`assessment v1 · `);
    // Escape leaves it be.
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect((await runtime.client.getFlow(id)).status).toBe("paused");
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.keyboard.type("duplicate of another run");
    await view.screenshot("operator-4-cancel-dialog");
    await dialog.getByRole("button", { name: "Cancel instance" }).click();
    await page.getByTestId("instance-status").filter({ hasText: "cancelled" }).waitFor({ timeout: 20_000 });
    await history(page).getByText("cancelled by admin (start-up): duplicate of another run").waitFor();
    await history(page).getByText("paused by admin (start-up)").waitFor();
    await view.screenshot("operator-5-cancelled-history");
  });

  it("logs no errors in the browser console", () => {
    expect(view.errors.join("\n")).toBe("");
  });
});
