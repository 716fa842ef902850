/** The designer in headless Chromium against a real runtime (fresh embedded database, free port). */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, type WatchedPage } from "../support/browser.js";
import { ADMIN_KEY, type RuntimeProcess, startRuntime, stopAll } from "../support/runtime-process.js";

describe("the designer", () => {
  let dataDir: string;
  let runtime: RuntimeProcess;
  let browser: Browser;
  let view: WatchedPage;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-e2e-"));
    runtime = await startRuntime("designer", { MFO_DATA_DIR: dataDir });
    browser = await launchBrowser();
    view = await openPage(browser, `${runtime.baseUrl}/?key=${ADMIN_KEY}`);
  });
  afterAll(async () => {
    await browser?.close();
    await stopAll();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("signs in from the URL npm start prints, lists the flow types, and takes the key out of the address bar", async () => {
    const { page } = view;
    await page.getByRole("heading", { name: "Flow types" }).waitFor();
    await expect.poll(() => page.getByRole("link", { name: "Assessment", exact: true }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "Discovery", exact: true }).count()).toBe(1);
    expect(new URL(page.url()).searchParams.get("key")).toBeNull();
    await view.screenshot("01-flow-types");
  });

  it("shows the instances page with its filters", async () => {
    const { page } = view;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Instances" }).click();
    await page.getByRole("heading", { name: "Instances" }).waitFor();
    await page.getByText("No instances match.").waitFor();
    expect(new URL(page.url()).pathname).toBe("/instances");
    await view.screenshot("02-instances");
  });

  it("signs out, refuses a wrong key with a message, and signs in with the right one", async () => {
    const { page } = view;
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API key").fill("mfo_not_a_key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toContain("not valid");
    await page.getByLabel("API key").fill(ADMIN_KEY);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Instances" }).waitFor();
  });

  it("logs no errors in the browser console beyond the refused sign-in", () => {
    expect(view.errors.filter((e) => !e.includes("401"))).toEqual([]);
  });
});
