// Designer: the run view's node panel opened on a 5 MB output, in headless Chromium against a real runtime. The
// figure is the time from the click on the node to the panel's first rows painted (a MutationObserver sees the
// first table row or tree row, then the next animation frame has drawn it), measured in the page; the median of
// BENCH_PANEL_RUNS (5) opens. GET /flows/{id}/nodes/{nodeId} is answered in the browser from a prepared 5 MB body
// (page.route), so the figure is the designer's own cost (download from memory, JSON parse, flatten, virtualised
// render) and does not depend on how fast the runtime reads a 5 MB attempt back, which its own rows measure.
import { ADMIN_KEY, say } from "../lib/runtime-process.mjs";

const RUNS = Number(process.env.BENCH_PANEL_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const PANEL_FLOW = {
  id: "bench-panel",
  name: "Bench: node panel",
  nodes: [
    { id: "start", type: "start" },
    {
      id: "inventory",
      type: "phase",
      label: "Asset inventory",
      handler: "transform",
      params: { expression: "{ 'ok': true }" },
    },
    { id: "done", type: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "inventory" },
    { id: "e2", source: "inventory", target: "done" },
  ],
};

/** A discovery inventory of about `bytes` of JSON, as the asset-inventory handler writes it. */
function inventory(bytes) {
  const assets = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const id = `app${String(i + 1).padStart(5, "0")}`;
    const asset = {
      id,
      hostname: `${id}.corp.example.com`,
      type: ["server", "database", "load-balancer", "storage"][i % 4],
      platform: ["vmware", "aws", "azure", "hyper-v", "physical"][i % 5],
      os: ["RHEL 7", "RHEL 9", "Windows Server 2022", "Ubuntu 22.04"][i % 4],
      environment: ["production", "staging", "development"][i % 3],
      eol: i % 5 === 0,
      ip: `10.${(i >> 8) & 255}.${i & 255}.${(i * 7) % 250}`,
      dependsOn: i % 3 === 0 ? [`app${String(i + 2).padStart(5, "0")}`] : undefined,
    };
    assets.push(asset);
    size += JSON.stringify(asset).length + 1;
  }
  return { assets, counts: { assets: assets.length } };
}

function nodeDataBody(instanceId) {
  const output = inventory(5_000_000);
  const now = new Date().toISOString();
  return JSON.stringify({
    instanceId,
    nodeId: "inventory",
    type: "phase",
    attempts: [
      {
        nodeId: "inventory",
        run: 1,
        attempt: 1,
        status: "completed",
        startedSeq: 3,
        finishedSeq: 4,
        startedAt: now,
        finishedAt: now,
        durationMs: 2300,
        idempotencyKey: `${instanceId}:inventory:1`,
        input: {},
        output,
        validators: [],
        logs: [],
      },
    ],
  });
}

/** Arms a watcher in the page: resolves with ms from the next click to the first panel row painted. */
const armWatcher = (page) =>
  page.evaluate(() => {
    window.__panelOpened = new Promise((resolve) => {
      let clickedAt;
      document.addEventListener("click", () => (clickedAt ??= performance.now()), { capture: true, once: true });
      const seen = () =>
        document.querySelector(
          '[data-testid="node-data-panel"] tbody tr, [data-testid="node-data-panel"] [role="treeitem"]',
        );
      const observer = new MutationObserver(() => {
        if (clickedAt === undefined || !seen()) return;
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - clickedAt), 0));
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
  });

export async function measureNodePanel(browser, runtime) {
  await runtime.client.publish(PANEL_FLOW);
  const instance = await runtime.client.createFlow({ flowType: PANEL_FLOW.id, input: {} });
  const body = nodeDataBody(instance.id);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await page.route(`**/api/v1/flows/${instance.id}/nodes/**`, (route) =>
      route.fulfill({ status: 200, contentType: "application/json", body }),
    );
    await page.goto(`${runtime.base}/?key=${ADMIN_KEY}`);
    await page.getByRole("heading", { name: "Flow types" }).waitFor();
    await page.goto(`${runtime.base}/instances/${instance.id}`);
    const node = page.getByTestId("node-inventory");
    await node.waitFor({ timeout: 60_000 });
    const times = [];
    for (let run = 0; run < RUNS; run++) {
      say(`  designer: node panel on a 5 MB output, open ${run + 1} of ${RUNS}`);
      await page.keyboard.press("Escape");
      await page.waitForTimeout(200);
      await armWatcher(page);
      await node.click();
      times.push(await page.evaluate(() => window.__panelOpened));
    }
    return {
      scenario: "designer: node panel open with a 5 MB output",
      clients: null,
      figure: median(times),
      unit: "ms",
      baseline: null,
      goal: null,
      met: null,
      note: `click to first rows painted; ${(body.length / 1e6).toFixed(1)} MB body served in the browser; median of ${RUNS}`,
      details: { runs: times },
    };
  } finally {
    await page.close();
  }
}
