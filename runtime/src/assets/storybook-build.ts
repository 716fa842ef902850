/**
 * Builds the static Storybook in the background when `npm start` finds none (`mfo serve --build-storybook`), so
 * /storybook/ works on a fresh install without a manual `npm run build-storybook` and a restart. Meanwhile
 * /storybook/ answers a page that says the build is under way and refreshes itself (http/designer-assets.ts).
 * The build runs at the lowest CPU priority, after the server listens: it never slows the start or the API.
 * Only `npm start` asks for it; a plain `mfo serve` (tests, production) never spawns a build.
 */
import { spawn } from "node:child_process";
import { setPriority } from "node:os";
import { REPOSITORY_DIR } from "./runtime-assets.js";

/** Where a background build is: not asked for, under way, or over (failed with the output's last lines). */
export type StorybookBuildState =
  | { state: "idle" }
  | { state: "building"; startedAt: number }
  | { state: "done"; ms: number }
  | { state: "failed"; ms: number; output: string };

export interface StorybookBuild {
  status(): StorybookBuildState;
  /** Starts the build unless one has started, logging to `log`; resolves when it ends (never rejects). */
  start(log: BuildLog): Promise<StorybookBuildState>;
  /** Stops a build under way (the runtime is stopping). */
  stop(): void;
}

export interface StorybookBuildOptions {
  /** The command and its arguments; default: npm run build-storybook (the npm that runs `npm start`). */
  command?: [string, ...string[]];
  cwd?: string;
}

export interface BuildLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** The last characters of a failed build's output kept for the page and the log. */
const OUTPUT_KEPT = 4_000;

/** The npm that runs this process (`npm start` sets npm_execpath), else the one on PATH. */
function npmCommand(): [string, ...string[]] {
  const npm = process.env.npm_execpath;
  return npm ? [process.execPath, npm, "run", "build-storybook"] : ["npm", "run", "build-storybook"];
}

/** A background build of the static Storybook (not started until `start`). */
export function createStorybookBuild(options: StorybookBuildOptions = {}): StorybookBuild {
  const [command, ...args] = options.command ?? npmCommand();
  let state: StorybookBuildState = { state: "idle" };
  let running: Promise<StorybookBuildState> | undefined;
  let child: ReturnType<typeof spawn> | undefined;

  const run = (log: BuildLog) =>
    new Promise<StorybookBuildState>((resolve) => {
      const startedAt = Date.now();
      state = { state: "building", startedAt };
      log.info({}, "building the static Storybook in the background (/storybook/ says so until it is done)");
      let output = "";
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
      };
      const finish = (ok: boolean) => {
        const ms = Date.now() - startedAt;
        state = ok ? { state: "done", ms } : { state: "failed", ms, output };
        if (ok) log.info({ ms }, "the static Storybook is built");
        else log.warn({ ms, output: output.slice(-1_000) }, "the static Storybook could not be built");
        child = undefined;
        resolve(state);
      };
      child = spawn(command, args, { cwd: options.cwd ?? REPOSITORY_DIR, stdio: ["ignore", "pipe", "pipe"] });
      child.stdout?.on("data", keep);
      child.stderr?.on("data", keep);
      child.once("error", (error) => {
        keep(Buffer.from(error.message));
        finish(false);
      });
      child.once("exit", (code) => finish(code === 0));
      // The lowest priority: the build takes what the runtime leaves (its own children inherit it).
      if (child.pid !== undefined) {
        try {
          setPriority(child.pid, 19);
        } catch {
          // Not allowed here (some containers): it builds at normal priority.
        }
      }
    });

  return {
    status: () => state,
    start(log) {
      running ??= run(log);
      return running;
    },
    stop() {
      child?.kill("SIGTERM");
    },
  };
}
