/**
 * The flow's input designed in the editor and supplied in the run form, and the editor's messages, in headless
 * Chromium against a real runtime with real mouse and keyboard events: the Flow panel's input fields, Run on a flow
 * without input, a wrong key in the URL, a 200-character flow name in the toolbar.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DesignerSession, openDesigner, openPage, SCREENSHOTS, type WatchedPage } from "../support/browser.js";
import type { RuntimeProcess } from "../support/runtime-process.js";

/** Clicks the element with the mouse at its centre. */
async function click(page: Page, locator: ReturnType<Page["locator"]>) {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (!box) throw new Error("element not on screen");
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** The newest instance of a flow type, as the API reports it (with its input). */
async function newestInstance(runtime: RuntimeProcess, flowType: string) {
  const list = await runtime.client.listFlows({ flowType });
  const first = list.items?.[0];
  if (!first) throw new Error(`no instance of ${flowType}`);
  return runtime.client.getFlow(first.id);
}

describe("designing a flow's input and running it from the designer", () => {
  let session: DesignerSession;
  let runtime: RuntimeProcess;
  let view: WatchedPage;

  beforeAll(async () => {
    session = await openDesigner("editor-inputs", { MFO_POLL_MS: "20" });
    ({ runtime, view } = session);
  });
  afterAll(async () => {
    await session?.close();
  });

  it("designs amount (number, required) in the Flow panel; the run form asks for it and the instance gets it", async () => {
    const { page } = view;
    await page.getByRole("heading", { name: "Flow types" }).waitFor();
    await click(page, page.getByRole("button", { name: "New flow" }));
    const panel = page.getByRole("complementary", { name: "Inspector" });
    await panel.getByRole("heading", { name: "Input" }).waitFor();
    await click(page, panel.getByRole("button", { name: "Add field" }));
    // The new field's name has the focus, selected: typing names it.
    await page.keyboard.type("amount");
    const amount = panel.getByRole("group", { name: "Field amount" });
    await amount.waitFor();
    await amount.getByRole("combobox", { name: "Field type" }).focus();
    await amount.getByRole("combobox", { name: "Field type" }).selectOption("number");
    await click(page, amount.getByRole("checkbox", { name: "Required" }));
    await click(page, amount.getByRole("textbox", { name: "Field description" }));
    await page.keyboard.type("order total in EUR");
    await click(page, panel.getByText("Input schema (JSON)"));
    await expect
      .poll(async () => JSON.parse((await panel.getByLabel("Input schema as JSON").textContent()) ?? "null"), {
        timeout: 10_000,
      })
      .toEqual({
        type: "object",
        properties: { amount: { type: "number", description: "order total in EUR" } },
        required: ["amount"],
      });
    await page.locator(".inspector").screenshot({ path: join(SCREENSHOTS, "inputs-01-flow-panel.png") });
    await panel.getByLabel("Input schema as JSON").scrollIntoViewIfNeeded();
    await page.locator(".inspector").screenshot({ path: join(SCREENSHOTS, "inputs-01b-flow-panel-json.png") });
    await view.screenshot("inputs-02-editor-with-input");

    await expect.poll(() => page.locator(".problems .count").textContent(), { timeout: 10_000 }).toBe("0");
    await click(page, page.getByRole("button", { name: "Publish" }));
    await page.getByRole("status").filter({ hasText: "Published new-flow v1" }).waitFor();
    await click(page, page.getByRole("button", { name: "Run" }));
    const dialog = page.getByRole("dialog");
    const field = dialog.getByRole("spinbutton", { name: "Amount" });
    await field.waitFor();
    await view.screenshot("inputs-03-run-form");
    await click(page, field);
    await page.keyboard.type("120");
    await click(page, dialog.getByRole("button", { name: "Run v1" }));
    await page.waitForURL(/\/instances\/[^/]+$/);
    const instance = await newestInstance(runtime, "new-flow");
    expect(instance.context.input).toEqual({ amount: 120 });
  });

  it("offers a JSON input in the run form of a flow without input schema", async () => {
    const { page } = view;
    await runtime.client.publish({
      id: "no-input",
      name: "No input",
      nodes: [
        { id: "start", type: "start" },
        { id: "end", type: "end" },
      ],
      edges: [{ id: "e1", source: "start", target: "end" }],
    });
    await page.goto(`${runtime.baseUrl}/flows/no-input/edit`);
    await click(page, page.getByRole("button", { name: "Run" }));
    const dialog = page.getByRole("dialog");
    const json = dialog.getByRole("textbox", { name: "Input (JSON object)" });
    await json.waitFor();
    await click(page, json);
    await page.keyboard.press("Control+a");
    await page.keyboard.type('{ "amount": 5, "region": "eu" }');
    await view.screenshot("inputs-04-run-json-input");
    await click(page, dialog.getByRole("button", { name: "Run v1" }));
    await page.waitForURL(/\/instances\/[^/]+$/);
    expect((await newestInstance(runtime, "no-input")).context.input).toEqual({ amount: 5, region: "eu" });
  });

  it("keeps the toolbar's name and buttons on screen with a 200-character flow name, at 1400 and 1024 px", async () => {
    const { page } = view;
    const name = `Migration${"_wave".repeat(38)}_eu_west`.slice(0, 200);
    expect(name).toHaveLength(200);
    await page.goto(`${runtime.baseUrl}/flows/new-flow/edit`);
    const nameField = page
      .getByRole("complementary", { name: "Inspector" })
      .getByRole("textbox", { name: "Name", exact: true });
    await click(page, nameField);
    await page.keyboard.press("Control+a");
    await page.keyboard.type(name);
    const toolbar = page.getByRole("toolbar", { name: "Editor" });
    await expect.poll(() => toolbar.locator(".flow-title").textContent(), { timeout: 10_000 }).toBe(name);
    for (const width of [1400, 1024]) {
      await page.setViewportSize({ width, height: 800 });
      for (const label of ["Undo", "Redo", "Auto layout", "Fit", "JSON", "Publish", "Run"]) {
        const box = await toolbar.getByRole("button", { name: label, exact: true }).boundingBox();
        expect(box, label).not.toBeNull();
        expect(box && box.x >= 0 && box.x + box.width <= width, `${label} at ${width}px: ${JSON.stringify(box)}`).toBe(
          true,
        );
        expect(box && box.y + box.height <= 800, `${label} at ${width}px`).toBe(true);
      }
      // The name itself stays on screen too (cut with an ellipsis), and the page never scrolls sideways.
      const title = await toolbar.locator(".flow-title").boundingBox();
      expect(title && title.x + title.width <= width, `title at ${width}px: ${JSON.stringify(title)}`).toBe(true);
      // Runs in the page (a string, since the tests' TypeScript has no DOM types).
      expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(SCREENSHOTS, `inputs-05-long-name-${width}.png`) });
    }
    await page.setViewportSize({ width: 1400, height: 900 });
    // The name is cut on screen; the whole of it is the title's tooltip.
    expect(await toolbar.locator(".flow-title").getAttribute("title")).toBe(name);
  });

  it("says each problem once, in words that name the field", async () => {
    const { page } = view;
    await runtime.client.saveDraft("messages", {
      id: "messages",
      name: "Messages",
      nodes: [
        { id: "start", type: "start" },
        { id: "check", type: "phase", handler: "transform", params: { expression: "{ 'total': 1 + " } },
        { id: "gate", type: "decision" },
        { id: "big", type: "end" },
        { id: "small", type: "end" },
      ],
      edges: [
        { id: "e1", source: "start", target: "check" },
        { id: "e2", source: "check", target: "gate" },
        { id: "e-big", source: "gate", target: "big", condition: "" },
        { id: "e-small", source: "gate", target: "small", default: true },
      ],
    });
    await page.goto(`${runtime.baseUrl}/flows/messages/edit`);
    const problems = page.getByRole("region", { name: "Problems" });
    await expect.poll(() => problems.locator(".count").textContent(), { timeout: 10_000 }).toBe("2");
    const texts = (await problems.getByRole("button").allTextContents()).map((t) => t.replace(/\s+/g, " "));
    expect(texts).toContain("edge e-big Condition must not be empty");
    expect(texts.find((t) => t.startsWith("node check"))).toMatch(
      /^node check Expression is not a valid JSONata expression: Expected .* \(at character \d+\)/,
    );
    // The expression's syntax error shows once on its field (the editor's own message, not validation's copy too).
    await click(page, problems.getByRole("button", { name: /^node check/ }));
    const inspector = page.getByRole("complementary", { name: "Inspector" });
    await inspector.getByLabel("Expression").waitFor();
    await expect
      .poll(() =>
        inspector
          .getByRole("alert")
          .filter({ hasText: /Expected/ })
          .count(),
      )
      .toBe(1);
    // The flow's own fields: an empty name is said once, naming the field, in the list and under the field.
    await click(page, page.locator(".canvas .react-flow__pane"));
    const name = inspector.getByRole("textbox", { name: "Name", exact: true });
    await click(page, name);
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Backspace");
    await expect
      .poll(() => problems.getByRole("button", { name: "flow Name must not be empty" }).count(), { timeout: 10_000 })
      .toBe(1);
    await expect
      .poll(() => inspector.getByRole("alert").allTextContents(), { timeout: 10_000 })
      .toEqual(["Name must not be empty"]);
    await view.screenshot("inputs-07-messages");
  });

  it("shows the sign-in form, once, for a wrong key in the URL", async () => {
    const browser = view.page.context().browser();
    if (!browser) throw new Error("no browser");
    const other = await openPage(browser, `${runtime.baseUrl}/?key=bad`);
    const { page } = other;
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await expect(page.getByLabel("API key")).toBeTruthy();
    const alerts = await page.getByRole("alert").allTextContents();
    expect(alerts).toEqual(["The server did not accept this API key. Sign in with a valid key."]);
    expect(await page.getByText("the API key is not valid").count()).toBe(0);
    await other.screenshot("inputs-06-wrong-key");
    await page.close();
  });

  it("logs no errors in the browser console", () => {
    expect(view.errors.join("\n")).toBe("");
  });
});
