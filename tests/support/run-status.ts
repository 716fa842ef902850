/**
 * The designer's run view, waited on the way an operator watches it: a status that does not show in time fails
 * with what the view showed and what the API says of the run, so a failure tells a slow run, a failed run and a
 * view that missed an event apart.
 */
import type { Page } from "playwright-core";
import type { RuntimeProcess } from "./runtime-process.js";

/**
 * Waits for the run view to show `status`. On a timeout the error says what the view showed and what the API says
 * of the flow type's newest instance (its status and lastError), so a failure on a loaded CI machine tells a slow
 * run from a failed one.
 */
/** The runtime's log lines above info (pino levels 40 and up), the last 20: what went wrong on its side. */
function troubles(output: string): string {
  const lines = output.split("\n").filter((line) => /"level":(4|5|6)\d/.test(line));
  return lines.length === 0 ? "none" : lines.slice(-20).join("\n");
}

export async function waitForRunStatus(
  page: Page,
  runtime: RuntimeProcess,
  flowType: string,
  status: string,
  timeoutMs = 20_000,
) {
  const shown = page.getByTestId("instance-status");
  try {
    await shown.filter({ hasText: status }).waitFor({ timeout: timeoutMs });
  } catch (error) {
    const newest = (await runtime.client.listFlows({ flowType, limit: 1 }).catch(() => undefined))?.items[0];
    const stored = newest ? await runtime.client.getFlow(newest.id).catch(() => undefined) : undefined;
    throw new Error(
      `the run view did not show "${status}" within ${timeoutMs / 1000} s: it showed ${JSON.stringify(await shown.textContent().catch(() => null))}; ` +
        `the API says ${JSON.stringify(stored ? { status: stored.status, lastError: stored.lastError } : newest)}; ` +
        `the runtime's warnings and errors: ${troubles(runtime.output())}`,
      { cause: error },
    );
  }
}
