/**
 * The shipped templates (the migration pack, which `mfo serve` loads by default) as an operator meets them on a
 * first start: the flow-type list shows each with its description, and each runs to completion in the designer from its sample input (approvals and manual phases
 * decided in the run view).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DesignerSession, openDesigner, type WatchedPage } from "../support/browser.js";
import { waitForRunStatus } from "../support/run-status.js";
import type { RuntimeProcess } from "../support/runtime-process.js";
import { TEMPLATE_IDS } from "../support/template-ids.js";

describe("the shipped templates in the designer", () => {
  let session: DesignerSession;
  let runtime: RuntimeProcess;
  let view: WatchedPage;

  beforeAll(async () => {
    // The migration pack is the default; named here because these tests are about its templates.
    session = await openDesigner("templates", { MFO_POLL_MS: "20", MFO_PACKS: "@mfo/pack-migration" });
    ({ runtime, view } = session);
  });
  afterAll(async () => {
    await session?.close();
  });

  it("lists the eight templates with their descriptions", async () => {
    const { page } = view;
    const body = await runtime.client.listFlowTypes();
    expect(body.items.map((t) => t.id).sort()).toEqual(TEMPLATE_IDS);
    await page.getByRole("heading", { name: "Flow types" }).waitFor();
    for (const template of body.items) {
      expect(template.description, template.id).toBeTruthy();
      await page.getByText(template.description as string).waitFor();
    }
    await view.screenshot("20-templates");
  });

  it.each(TEMPLATE_IDS)("runs %s from its sample input to completion", async (id) => {
    const { page } = view;
    await page.goto(`${runtime.baseUrl}/flows/${id}/edit`);
    await page.getByRole("button", { name: "Run" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Use sample input" }).click();
    await dialog.getByRole("button", { name: "Run v1" }).click();
    const status = page.getByTestId("instance-status");
    await status.waitFor({ timeout: 20_000 });
    // Decide what waits for a person, as an operator would, until the flow ends (or 20 s pass: a slow machine
    // may take seconds to reach the approval, so the bound is time, not a count of looks).
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
      const text = (await status.textContent()) ?? "";
      if (/completed|failed|cancelled/.test(text)) break;
      const act = page.getByRole("button", { name: /^(Approve|Execute) / }).first();
      // Approving asks for confirmation in a dialog: confirm it on the next look.
      const confirm = page.getByRole("dialog").getByRole("button", { name: "Approve" });
      if ((await confirm.count()) > 0) await confirm.click();
      else if (text.includes("waiting") && (await act.count()) > 0) await act.click();
      await page.waitForTimeout(250);
    }
    await waitForRunStatus(page, runtime, id, "completed", 5_000);
    await view.screenshot(`21-template-${id}`);
  });

  it("logs no errors in the browser console", () => {
    expect(view.errors.join("\n")).toBe("");
  });
});
