// Node-RED beside MFO: the reference for "how fast can a flow answer an HTTP request on this machine when it
// persists nothing". On first use the pinned Node-RED is installed with npm into a git-ignored cache folder
// (tests/bench/.cache/node-red; never part of `npm ci` or `npm test`), then each cell starts it as a child
// process (this Node, process.execPath) on a free loopback port with a flow equivalent to MFO's 5-transform
// flow (lib/flows.mjs): http in (POST /five) -> 5 function nodes -> http response. No editor, no admin API,
// no credential prompts, quiet logging, a throwaway user directory.
//
// Env: BENCH_NODE_RED_VERSION (5.0.7), BENCH_NODE_RED_CACHE (tests/bench/.cache/node-red).
import { execFile, spawn } from "node:child_process";
import { access, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "@mfo/runtime/testing";
import { onCleanup, say } from "./runtime-process.mjs";

const run = promisify(execFile);
export const NODE_RED_VERSION = process.env.BENCH_NODE_RED_VERSION ?? "5.0.7";
const CACHE = process.env.BENCH_NODE_RED_CACHE ?? new URL("../.cache/node-red", import.meta.url).pathname;
const READY_TIMEOUT_MS = 60_000;

/** The folder the pinned version lives in: one per version, so changing the pin never reuses another. */
const installDir = () => join(CACHE, NODE_RED_VERSION);

/**
 * Installs Node-RED NODE_RED_VERSION into the cache unless it is there; resolves to its red.js. Uses the npm
 * that came with this Node (beside process.execPath) or the one on PATH.
 */
export async function ensureNodeRed() {
  const prefix = installDir();
  const redJs = join(prefix, "node_modules", "node-red", "red.js");
  if (
    await access(redJs).then(
      () => true,
      () => false,
    )
  )
    return redJs;
  say(`  installing node-red@${NODE_RED_VERSION} into ${prefix} (first use only) ...`);
  await mkdir(prefix, { recursive: true });
  // A package.json of its own, so npm does not walk up into the repository's workspaces.
  await writeFile(join(prefix, "package.json"), JSON.stringify({ name: "bench-node-red", private: true }));
  const npmBesideNode = join(dirname(process.execPath), "npm");
  const npm = await access(npmBesideNode).then(
    () => npmBesideNode,
    () => "npm",
  );
  const args = ["install", "--prefix", prefix, `node-red@${NODE_RED_VERSION}`, "--no-audit", "--no-fund"];
  const started = performance.now();
  const ticker = setInterval(
    () => say(`  ... npm install node-red@${NODE_RED_VERSION}, ${((performance.now() - started) / 1000).toFixed(0)} s`),
    10_000,
  );
  try {
    await run(npm, args, { cwd: prefix, timeout: 600_000, env: { ...process.env, npm_config_loglevel: "error" } });
  } catch (error) {
    await rm(prefix, { recursive: true, force: true });
    throw new Error(`npm ${args.join(" ")} failed: ${error.stderr || error.message}`);
  } finally {
    clearInterval(ticker);
  }
  say(`  node-red@${NODE_RED_VERSION} installed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return redJs;
}

/**
 * The 5 function nodes: node i does what MFO's phase p<i> does (lib/flows.mjs: `{ 'step': i, 'sum':
 * $sum(input.values) + i }` from the instance input) and keeps its output by phase, as MFO's context does; the
 * last one answers with the input and every phase's output, as MFO's finished instance carries them.
 */
const phaseFunction = (i) => `
const values = msg.payload.input ? msg.payload.input.values : msg.payload.values;
msg.phases = msg.phases || {};
msg.phases.p${i} = { step: ${i}, sum: values.reduce((a, b) => a + b, 0) + ${i} };
${i === 5 ? "msg.payload = { status: 'completed', context: { input: msg.payload, phases: msg.phases } };" : ""}
return msg;`;

/** flows.json: http in (POST /five) -> f1 .. f5 -> http response. */
export function benchFlows() {
  const tab = "bench";
  return [
    { id: tab, type: "tab", label: "bench" },
    { id: "in", type: "http in", z: tab, url: "/five", method: "post", upload: false, wires: [["f1"]] },
    ...[1, 2, 3, 4, 5].map((i) => ({
      id: `f${i}`,
      type: "function",
      z: tab,
      name: `p${i}`,
      func: phaseFunction(i),
      outputs: 1,
      wires: [[i === 5 ? "out" : `f${i + 1}`]],
    })),
    { id: "out", type: "http response", z: tab, statusCode: "200", headers: {}, wires: [] },
  ];
}

/** settings.js: serve POST /five only, no editor or admin API, nothing written but the user directory. */
const settingsSource = (userDir, port) => `module.exports = {
  uiHost: "127.0.0.1",
  uiPort: ${port},
  userDir: ${JSON.stringify(userDir)},
  flowFile: "flows.json",
  credentialSecret: false,
  httpAdminRoot: false,
  httpNodeRoot: "/",
  disableEditor: true,
  functionExternalModules: false,
  externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: false } },
  diagnostics: { enabled: false, ui: false },
  runtimeState: { enabled: false, ui: false },
  telemetry: { enabled: false },
  logging: { console: { level: "error", metrics: false, audit: false } },
};`;

/**
 * Starts Node-RED on a free loopback port with the bench flow; resolves once POST /five answers 200:
 * { url (of POST /five), pid, stop() }. Stopped at cleanup if the caller does not.
 */
export async function startNodeRed() {
  const redJs = await ensureNodeRed();
  const userDir = await mkdtemp(join(tmpdir(), "mfo-bench-node-red-"));
  const port = await freePort();
  await writeFile(join(userDir, "flows.json"), JSON.stringify(benchFlows()));
  const settings = join(userDir, "settings.js");
  await writeFile(settings, settingsSource(userDir, port));
  const child = spawn(process.execPath, [redJs, "--settings", settings, "--userDir", userDir, "--port", String(port)], {
    cwd: userDir,
    env: { ...process.env, NODE_RED_ENABLE_PROJECTS: "false", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk) => {
    output = (output + chunk).slice(-8_192);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(userDir, { recursive: true, force: true });
  };
  onCleanup(stop);
  const url = `http://127.0.0.1:${port}/five`;
  const deadline = performance.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`Node-RED exited before it answered:\n${output}`);
    const answered = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ values: [1, 2, 3] }),
    }).then(
      async (response) => response.ok && (await response.json()).status === "completed",
      () => false,
    );
    if (answered) break;
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`Node-RED did not answer POST /five within ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, pid: child.pid, stop };
}
