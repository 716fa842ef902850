/**
 * Time travel in the run view, in headless Chromium against a real runtime: a finished assessment (high-risk
 * sample, signed off) opened at an event before the sign-off (?at=<seq>) shows the canvas as it was then (the
 * risk scored, the sign-off waiting, the recommendations not reached), the operator's actions off with a hint, and
 * the keyboard steps the scrubber (the address follows); Live goes back to the run as it is.
 */
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DesignerSession, openDesigner, type WatchedPage } from "../support/browser.js";
import type { RuntimeProcess } from "../support/runtime-process.js";

describe("time travel in the run view", () => {
  let session: DesignerSession;
  let runtime: RuntimeProcess;
  let view: WatchedPage;
  let instanceId: string;
  let decidedSeq: number;

  beforeAll(async () => {
    session = await openDesigner("time-travel", { MFO_POLL_MS: "20", MFO_PACKS: "@mfo/pack-migration" });
    ({ runtime, view } = session);
    const file = new URL("../../packs/migration/src/templates/assessment/assessment.json", import.meta.url);
    const input = JSON.parse(await readFile(file, "utf8")).input.examples[0];
    const api = runtime.client;
    instanceId = (await api.createFlow({ flowType: "assessment", input })).id;
    for (let i = 0; i < 200 && (await api.getFlow(instanceId)).status !== "waiting"; i++)
      await new Promise((r) => setTimeout(r, 50));
    await api.execute(instanceId, { node: "sign-off", decision: "approve", comment: "accepted" });
    for (let i = 0; i < 200 && !(await api.getFlow(instanceId)).finishedAt; i++)
      await new Promise((r) => setTimeout(r, 50));
    const events = (await api.events(instanceId)).items;
    decidedSeq = events.find((e) => e.type === "node.decided")?.seq as number;
  });
  afterAll(async () => {
    await session?.close();
  });

  const runState = (node: string) =>
    view.page.getByTestId(`node-${node}`).locator("[data-run-state]").getAttribute("data-run-state");

  it("opens at the event in the address with the canvas as it was then", async () => {
    const { page } = view;
    await page.goto(`${runtime.baseUrl}/instances/${instanceId}?at=${decidedSeq - 1}`);
    await page.locator(`.run-view[data-as-of="${decidedSeq - 1}"]`).waitFor();
    expect(await runState("risk")).toBe("completed");
    expect(await runState("sign-off")).toBe("waiting");
    expect(await runState("recommendations")).toBe("pending");
    await expect.poll(() => page.getByTestId("past-hint").textContent()).toMatch(/\(waiting\)\. Actions are off/);
    const slider = page.getByRole("slider", { name: "Event" });
    expect(await slider.getAttribute("aria-valuetext")).toMatch(/ · node\.waiting · Sign-off|sign-off/i);
    await view.screenshot("40-time-travel-before-sign-off");
  });

  it("steps with the keyboard, the address following, and goes back to Live", async () => {
    const { page } = view;
    const slider = page.getByRole("slider", { name: "Event" });
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await page.locator(`.run-view[data-as-of="${decidedSeq}"]`).waitFor();
    expect(new URL(page.url()).searchParams.get("at")).toBe(String(decidedSeq));
    await page.keyboard.press("End");
    await expect.poll(() => runState("recommendations")).toBe("completed");
    await view.screenshot("41-time-travel-last-event");
    await page.getByRole("button", { name: "Live" }).click();
    await page.locator(".run-view:not([data-as-of])").waitFor();
    expect(new URL(page.url()).search).toBe("");
    expect(await page.getByTestId("past-hint").count()).toBe(0);
  });

  it("logs no errors in the browser console", () => {
    expect(view.errors.join("\n")).toBe("");
  });
});
