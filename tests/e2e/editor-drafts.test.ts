/**
 * Drafts that never look lost and runs that say what they run (issue 16, defects 2 and 3), in headless Chromium
 * against a real runtime, with real clicks: `/new` saves nothing until the first edit, then the address names the
 * flow (a reload shows the work, Back does not return to a blank `/new`); an import with another id moves the
 * address to that flow; Run says what it runs: a draft that differs from the published version (or was never
 * published) is test-run as it is on screen, or published first with "Publish and run"; the flow list deletes drafts and archives flow types (naming their instances); an old version is
 * restored as the draft.
 */
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FlowDefinition } from "@mfo/schemas";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DesignerSession, openDesigner, type WatchedPage } from "../support/browser.js";
import type { RuntimeProcess } from "../support/runtime-process.js";

const node = (page: Page, id: string) => page.getByTestId(`rf__node-${id}`);
/** The path of the page's address. */
const pathOf = (page: Page) => new URL(page.url()).pathname;
/** Long enough for an autosave (800 ms after an edit) to have happened if anything had scheduled one. */
const AUTOSAVE_WINDOW_MS = 2_500;

/** start -> a manual phase `review` (labelled `label`) -> done: its instances wait at `review`, active. */
const reviewFlow = (id: string, name: string, label: string): FlowDefinition => ({
  id,
  name,
  nodes: [
    { id: "start", type: "start", ui: { x: 0, y: 0 } },
    { id: "review", type: "phase", label, handler: "noop", trigger: "manual", ui: { x: 220, y: 0 } },
    { id: "done", type: "end", ui: { x: 440, y: 0 } },
  ],
  edges: [
    { id: "e1", source: "start", target: "review" },
    { id: "e2", source: "review", target: "done" },
  ],
});

describe("drafts and runs in the editor", () => {
  let session: DesignerSession;
  let runtime: RuntimeProcess;
  let view: WatchedPage;

  beforeAll(async () => {
    session = await openDesigner("editor-drafts", { MFO_POLL_MS: "20" });
    ({ runtime, view } = session);
  });
  afterAll(async () => {
    await session?.close();
  });

  const ids = async () => (await runtime.client.listFlowTypes()).items.map((t) => t.id);
  const instancesOf = async (flowType: string) => (await runtime.client.listFlows({ flowType })).items;

  it("saves nothing for a visit to /new without an edit", async () => {
    const { page } = view;
    for (let visit = 0; visit < 2; visit++) {
      await page.goto(`${runtime.baseUrl}/new`);
      await node(page, "start").waitFor();
      await page.waitForTimeout(AUTOSAVE_WINDOW_MS);
    }
    await page.getByRole("link", { name: "Flow types" }).click();
    await page.getByRole("heading", { name: "Flow types" }).waitFor();
    expect(await ids()).toEqual(expect.not.arrayContaining(["new-flow"]));
    expect(await page.getByRole("link", { name: "New flow" }).count()).toBe(0);
  });

  it("gives a new flow its own address at the first save: a reload shows the work, Back skips the blank /new", async () => {
    const { page } = view;
    await page.goto(`${runtime.baseUrl}/`);
    await page.getByRole("button", { name: "New flow" }).click();
    await node(page, "start").waitFor();
    expect(pathOf(page)).toBe("/new");
    await page.getByRole("button", { name: "Phase", exact: true }).click();
    await node(page, "phase-1").waitFor();
    await expect.poll(() => pathOf(page), { timeout: 10_000 }).toBe("/flows/new-flow/edit");
    await page.getByText("Saved", { exact: true }).waitFor();
    await page.reload();
    await node(page, "phase-1").waitFor();
    await view.screenshot("drafts-01-new-flow-reloaded");
    await page.goBack();
    await page.getByRole("heading", { name: "Flow types" }).waitFor();
    expect(pathOf(page)).toBe("/");
    expect(await ids()).toContain("new-flow");
  });

  it("moves the address to the flow a file names when an import brings another id", async () => {
    const { page } = view;
    const file = join(tmpdir(), `imported-${process.pid}.json`);
    await writeFile(file, JSON.stringify(reviewFlow("imported", "Imported", "From a file")));
    await page.goto(`${runtime.baseUrl}/flows/new-flow/edit`);
    await node(page, "phase-1").waitFor();
    await page.getByRole("button", { name: "JSON" }).click();
    await page.locator('.json-view input[type="file"]').setInputFiles(file);
    await node(page, "review").waitFor();
    await expect.poll(() => pathOf(page), { timeout: 10_000 }).toBe("/flows/imported/edit");
    await page.getByText("Saved", { exact: true }).waitFor();
    await page.reload();
    await node(page, "review").getByText("From a file").waitFor();
    // The flow on screen before the import keeps its draft.
    expect(await ids()).toEqual(expect.arrayContaining(["imported", "new-flow"]));
  });

  it("says what Run runs; a changed draft is test-run as it is on screen, or published first", async () => {
    const { page } = view;
    await runtime.client.publish(reviewFlow("labels", "Labels", "Old label"));
    await page.goto(`${runtime.baseUrl}/flows/labels/edit`);
    await node(page, "review").click();
    const label = page.getByLabel("Label");
    await label.fill("New label");
    await node(page, "review").getByText("New label").waitFor();
    await page.getByText("Saved", { exact: true }).waitFor();

    await page.getByRole("button", { name: "Run", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText(/Runs the draft as it is on screen/).waitFor();
    await view.screenshot("drafts-02-run-dialog-draft-differs");
    await dialog.getByRole("button", { name: "Run draft" }).click();
    await page.waitForURL(/\/instances\//);
    // A test run: left out of the default list, pinned to the draft as it was on screen.
    expect(await instancesOf("labels")).toEqual([]);
    const [test] = (await runtime.client.listFlows({ flowType: "labels", test: "only" })).items;
    expect(test).toMatchObject({ version: 1, testRevision: 1 });
    const ran = await runtime.client.instanceDefinition(test?.id as string);
    expect(ran.nodes.find((n) => n.id === "review")?.label).toBe("New label");

    await page.goto(`${runtime.baseUrl}/flows/labels/edit`);
    await node(page, "review").getByText("New label").waitFor();
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Publish and run" }).click();
    await page.waitForURL(/\/instances\//);
    const runs = await instancesOf("labels");
    expect(runs.map((r) => r.version)).toEqual([2]);
    expect((await runtime.client.getFlowType("labels")).latest?.version).toBe(2);
  });

  it("neither test-runs nor publishes a flow never published while it has problems; publishes and runs it once fixed", async () => {
    const { page } = view;
    await page.goto(`${runtime.baseUrl}/flows/new-flow/edit`);
    await node(page, "phase-1").waitFor();
    await page.getByRole("button", { name: "Run", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText(/Runs the draft as it is on screen/).waitFor();
    const publishAndRun = dialog.getByRole("button", { name: "Publish and run" });
    // phase-1 is not connected: the draft can neither run nor be published; the dialog lists the problems.
    expect(await publishAndRun.isDisabled()).toBe(true);
    expect(await dialog.getByRole("button", { name: "Run draft" }).isDisabled()).toBe(true);
    await dialog.getByText(/fix the draft's problems first/i).waitFor();
    expect(await dialog.getByRole("list", { name: "Problems" }).textContent()).toContain("phase-1");
    expect(await dialog.getByRole("button", { name: /^Run v/ }).count()).toBe(0);
    await view.screenshot("drafts-03-run-dialog-never-published");
    await dialog.getByRole("button", { name: "Cancel" }).click();

    await node(page, "phase-1").click();
    await page.keyboard.press("Delete");
    await expect.poll(() => node(page, "phase-1").count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.locator(".problems .count").textContent(), { timeout: 10_000 }).toBe("0");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Publish and run" }).click();
    await page.waitForURL(/\/instances\//);
    expect((await instancesOf("new-flow")).map((r) => r.version)).toEqual([1]);
  });

  it("restores an old version as the draft from the version picker", async () => {
    const { page } = view;
    await page.goto(`${runtime.baseUrl}/flows/labels/edit`);
    await node(page, "review").waitFor();
    await page.getByLabel("Version").selectOption("1");
    await page.getByText("v1 (read-only)").waitFor();
    await page.getByRole("button", { name: "Restore as draft" }).click();
    await page.getByRole("alertdialog").getByText("Restore v1 as the draft?").waitFor();
    await view.screenshot("drafts-04-restore-confirmation");
    await page.getByRole("alertdialog").getByRole("button", { name: "Restore" }).click();
    await page.waitForURL(/\/flows\/labels\/edit$/);
    await node(page, "review").getByText("Old label").waitFor();
    await view.screenshot("drafts-05-restored-v1");
    const detail = await runtime.client.getFlowType("labels");
    expect(JSON.stringify(detail.draft?.definition)).toContain("Old label");
    expect(detail.latest?.version).toBe(2);
  });

  it("deletes a draft from the flow list; a flow never published leaves it", async () => {
    const { page } = view;
    await runtime.client.saveDraft("scratch", { ...reviewFlow("scratch", "Scratch", "x") });
    await page.goto(`${runtime.baseUrl}/`);
    await page.getByRole("button", { name: "Delete draft of Scratch" }).click();
    const confirm = page.getByRole("alertdialog");
    await confirm.getByText(/never published/).waitFor();
    await confirm.getByRole("button", { name: "Delete draft" }).click();
    await expect.poll(() => page.getByRole("link", { name: "Scratch" }).count(), { timeout: 10_000 }).toBe(0);
    expect(await ids()).not.toContain("scratch");
  });

  it("archives a flow type after a confirmation naming how many instances it has", async () => {
    const { page } = view;
    await page.goto(`${runtime.baseUrl}/`);
    await page.getByRole("button", { name: "Archive Labels" }).click();
    const confirm = page.getByRole("alertdialog");
    await confirm.getByText("Archive “Labels”? It has 2 instances (2 active).").waitFor();
    await view.screenshot("drafts-06-archive-confirmation");
    await confirm.getByRole("button", { name: "Archive" }).click();
    await expect
      .poll(() => page.getByRole("link", { name: "Labels", exact: true }).count(), { timeout: 10_000 })
      .toBe(0);
    expect(await ids()).not.toContain("labels");
    const refused = await runtime.client.createFlow({ flowType: "labels" }).catch((e: { status: number }) => e);
    expect(refused).toMatchObject({ status: 409 });
    await view.screenshot("drafts-07-list-after-archive");
  });

  it("logs no errors in the browser console", () => {
    expect(view.errors.join("\n")).toBe("");
  });
});
