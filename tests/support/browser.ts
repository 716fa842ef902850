/**
 * Headless Chromium for end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core (no browser
 * download), with the flags this environment needs; console errors are collected so a test can require none;
 * screenshots go to tests/e2e/screenshots (git-ignored).
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import launch from "../../scripts/chromium.json" with { type: "json" };
import { ADMIN_KEY, type RuntimeEnv, type RuntimeProcess, startRuntime, stopAll } from "./runtime-process.js";

export const SCREENSHOTS = join(import.meta.dirname, "..", "e2e", "screenshots");

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.MFO_CHROMIUM ?? launch.executablePath,
    headless: true,
    args: launch.args,
  });
}

export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
  screenshot(name: string): Promise<void>;
}

export async function openPage(browser: Browser, url: string): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url);
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    page,
    errors,
    screenshot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
  };
}

export interface DesignerSession {
  runtime: RuntimeProcess;
  view: WatchedPage;
  close(): Promise<void>;
}

/** A runtime on a fresh embedded database and the designer open in Chromium, signed in from the printed URL. */
export async function openDesigner(name: string, env: Omit<RuntimeEnv, "MFO_DATA_DIR"> = {}): Promise<DesignerSession> {
  const dataDir = await mkdtemp(join(tmpdir(), `mfo-${name}-`));
  const runtime = await startRuntime(name, { ...env, MFO_DATA_DIR: dataDir });
  const browser = await launchBrowser();
  const view = await openPage(browser, `${runtime.baseUrl}/?key=${ADMIN_KEY}`);
  return {
    runtime,
    view,
    async close() {
      await browser.close();
      await stopAll();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
