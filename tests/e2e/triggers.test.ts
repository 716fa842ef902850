/**
 * Flows that start themselves (issue 19), from the designer alone in headless Chromium against a real runtime:
 * store a secret on the Secrets page, build a flow whose `http` phase calls a test server with a header read
 * from that secret (chosen with the params form's "Use secret"), publish it, add a schedule firing every 2
 * seconds and a webhook in the editor's Triggers panel (the next due times show while the cron is typed), see
 * the schedule's instances appear in the instances list, call the webhook as an outside system would (its
 * address copied from the panel, its token the value this test stored) and see that instance too. The test
 * server must have received the secret's real value; no page the designer showed may contain it. A screenshot
 * per step goes to tests/e2e/screenshots/triggers/ (git-ignored); the paths are printed.
 */
import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DesignerSession, openDesigner, SCREENSHOTS, type WatchedPage } from "../support/browser.js";
import { dragBetween, dropFromPalette, nodeHandle as handle, canvasNode as node } from "../support/canvas-gestures.js";
import { type EffectServer, startEffectServer } from "../support/effect-server.js";
import type { RuntimeProcess } from "../support/runtime-process.js";

const SHOTS = join(SCREENSHOTS, "triggers");
/** Generous: a loaded CI machine takes seconds where a laptop takes milliseconds. */
const POLL = { timeout: 20_000 };
/** The secret's value: random, so finding it anywhere can only mean it leaked from this test's secret. */
const SECRET_VALUE = `crm-${randomUUID()}`;
const FLOW = "new-flow";

describe("a flow started by a schedule and a webhook, its http phase reading a secret, set up in the designer", () => {
  let session: DesignerSession;
  let runtime: RuntimeProcess;
  let view: WatchedPage;
  let page: Page;
  let effect: EffectServer;
  let hookAddress: string;
  /** Every page text the designer showed, checked at the end for the secret's value. */
  const shownTexts: string[] = [];
  /** A screenshot of the page; its text is kept for the leak check, except while the secret is being typed. */
  const shot = async (name: string, typing = false) => {
    const path = join(SHOTS, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    if (!typing) shownTexts.push(await page.content());
    console.log(`screenshot: ${path}`);
  };

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    effect = await startEffectServer();
    session = await openDesigner("triggers", { MFO_POLL_MS: "20", MFO_HTTP_ALLOW_HOSTS: "127.0.0.1" });
    ({ runtime, view } = session);
    page = view.page;
  });
  afterAll(async () => {
    await session?.close();
    await effect?.close();
  });

  it("stores a secret on the Secrets page; its value is not shown again", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Secrets" }).click();
    await page.getByRole("button", { name: "Add secret" }).click();
    const form = page.getByRole("form", { name: "New secret" });
    await form.getByLabel("Name").fill("crm-token");
    await form.getByLabel("Value").fill(SECRET_VALUE);
    await shot("01-secret-typed", true);
    await form.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "Secret “crm-token” saved" }).waitFor(POLL);
    await page.getByRole("cell", { name: "crm-token", exact: true }).waitFor();
    await shot("02-secret-saved");
    expect(await page.content()).not.toContain(SECRET_VALUE);
  });

  it("builds a flow whose http phase sends the secret in a header, chosen with Use secret, and publishes it", async () => {
    await page.getByRole("link", { name: "Flow types" }).click();
    await page.getByRole("button", { name: "New flow" }).click();
    await node(page, "start").waitFor();
    await dropFromPalette(page, "Phase", 350, 160, "phase-1");
    // Reroute start -> phase-1 -> end: drop the direct edge, connect the rest.
    await page.locator(".react-flow__edge-interaction").first().click({ force: true });
    await page.keyboard.press("Delete");
    await dragBetween(page, handle(page, "start", "source"), handle(page, "phase-1", "target"));
    await dragBetween(page, handle(page, "phase-1", "source"), handle(page, "end", "target"));
    await expect.poll(() => page.locator(".react-flow__edge").count(), POLL).toBe(2);

    await node(page, "phase-1").click();
    await page.getByLabel("Handler").selectOption("http");
    await page.locator('[id="params/url"]').fill(effect.url);
    const inspector = page.getByRole("complementary", { name: "Inspector" });
    await inspector.getByRole("button", { name: /^Add headers entry/i }).click();
    await inspector.getByLabel(/headers key 1/i).fill("X-Api-Key");
    await inspector.getByRole("combobox", { name: "Use secret for X-Api-Key" }).selectOption("crm-token");
    await expect
      .poll(() => page.locator('[id="params/headers/X-Api-Key"]').inputValue(), POLL)
      .toBe('$secret("crm-token")');
    await expect.poll(() => page.locator(".problems .count").textContent(), POLL).toBe("0");
    await shot("03-http-phase-with-secret");
    await page.getByRole("button", { name: "Publish" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Published ${FLOW} v1` })
      .waitFor(POLL);
  });

  it("adds a schedule every 2 seconds in the Triggers panel, with its next due times shown while typing", async () => {
    await page.getByRole("button", { name: "Triggers" }).click();
    const panel = page.getByRole("complementary", { name: "Triggers" });
    await panel.getByRole("button", { name: "Add schedule" }).click();
    const form = panel.getByRole("form", { name: "New schedule" });
    await form.getByRole("textbox", { name: "Name" }).fill("every two seconds");
    await form.getByRole("textbox", { name: "Cron expression" }).fill("*/2 * * * * *");
    const preview = form.getByRole("region", { name: "Next due times" });
    await expect.poll(() => preview.getByRole("listitem").count(), POLL).toBe(5);
    await shot("04-schedule-preview");
    await form.getByRole("button", { name: "Add schedule" }).click();
    const row = panel.getByRole("listitem", { name: "Schedule every two seconds" });
    await row.waitFor(POLL);
    expect(await row.getByText(/^Next:/).textContent()).toMatch(/\d\d:\d\d:\d\d/);
    await shot("05-schedule-added");
  });

  it("adds a token webhook whose secret is picked from the tenant's secrets, and shows its address", async () => {
    const panel = page.getByRole("complementary", { name: "Triggers" });
    await panel.getByRole("button", { name: "Add webhook" }).click();
    const form = panel.getByRole("form", { name: "New webhook" });
    await form.getByRole("textbox", { name: "Name" }).fill("outside system");
    await form.getByRole("combobox", { name: "Secret" }).selectOption("crm-token");
    await form.getByRole("button", { name: "Add webhook" }).click();
    const row = panel.getByRole("listitem", { name: "Webhook outside system" });
    await row.waitFor(POLL);
    hookAddress = await row.getByRole("textbox", { name: "Address of outside system" }).inputValue();
    expect(hookAddress).toMatch(new RegExp(`^${runtime.baseUrl}/api/v1/hooks/[^/]+$`));
    await row.getByText("Example call").click();
    expect(await row.locator(".curl").textContent()).toContain("X-Hook-Token: <value of secret crm-token>");
    await shot("06-webhook-added");
  });

  it("shows the instances the schedule starts in the instances list", async () => {
    await page.goto(`${runtime.baseUrl}/instances?flowType=${FLOW}`);
    // The list loads once: reload until the schedule's instances are there.
    await expect
      .poll(async () => {
        await page.reload();
        await page.getByRole("heading", { name: "Instances" }).waitFor();
        await page.waitForLoadState("networkidle");
        return page.locator("table.list tbody tr").count();
      }, POLL)
      .toBeGreaterThanOrEqual(2);
    await shot("07-scheduled-instances");
  });

  it("starts an instance when an outside system calls the webhook with the token, and lists it", async () => {
    const answer = await fetch(hookAddress, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hook-token": SECRET_VALUE, "idempotency-key": randomUUID() },
      body: JSON.stringify({ from: "outside" }),
    });
    expect(answer.status).toBe(202);
    const { instanceId } = (await answer.json()) as { instanceId: string };
    const refused = await fetch(hookAddress, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hook-token": "wrong", "idempotency-key": randomUUID() },
      body: "{}",
    });
    expect(refused.status).toBe(401);
    await page.goto(`${runtime.baseUrl}/instances?flowType=${FLOW}`);
    await page.locator(`a[href="/instances/${instanceId}"]`).waitFor(POLL);
    await shot("08-webhook-instance-listed");
    await page.locator(`a[href="/instances/${instanceId}"]`).click();
    await page.getByTestId("instance-status").filter({ hasText: "completed" }).waitFor(POLL);
    await shot("09-webhook-instance-completed");
  });

  it("sent the secret's real value to the test server, and no page or instance shows it", async () => {
    const sent = effect.calls.map((c) => c.headers["x-api-key"]);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sent)).toEqual(new Set([SECRET_VALUE]));
    for (const text of shownTexts) expect(text).not.toContain(SECRET_VALUE);
    const { items } = await runtime.client.listFlows({ flowType: FLOW, limit: 50 });
    for (const summary of items) {
      const instance = await runtime.client.getFlow(summary.id);
      expect(JSON.stringify(instance)).not.toContain(SECRET_VALUE);
      const events = await runtime.client.events(summary.id);
      expect(JSON.stringify(events)).not.toContain(SECRET_VALUE);
    }
  });

  it("pauses the schedule from the Triggers panel", async () => {
    await page.goto(`${runtime.baseUrl}/flows/${FLOW}/edit`);
    await page.getByRole("button", { name: "Triggers" }).click();
    const row = page.getByRole("listitem", { name: "Schedule every two seconds" });
    await row.getByRole("button", { name: "Pause" }).click();
    await row.getByRole("button", { name: "Resume" }).waitFor(POLL);
    await shot("10-schedule-paused");
  });

  it("logs no errors in the browser console", () => {
    expect(view.errors).toEqual([]);
  });
});
