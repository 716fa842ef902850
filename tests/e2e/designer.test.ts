/** The designer in headless Chromium against a real runtime (fresh embedded database, free port). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DesignerSession, openDesigner, type WatchedPage } from "../support/browser.js";
import { ADMIN_KEY } from "../support/runtime-process.js";

describe("the designer", () => {
  let session: DesignerSession;
  let view: WatchedPage;

  beforeAll(async () => {
    session = await openDesigner("designer", {});
    ({ view } = session);
  });
  afterAll(async () => {
    await session?.close();
  });

  it("signs in from the URL npm start prints, lists the flow types, and takes the key out of the address bar", async () => {
    const { page } = view;
    await page.getByRole("heading", { name: "Flow types" }).waitFor();
    await expect
      .poll(() => page.getByRole("link", { name: "Assessment", exact: true }).count(), { timeout: 10_000 })
      .toBe(1);
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
