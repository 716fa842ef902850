/**
 * The background Storybook build of `npm start`: a command run once, at low priority, whose state /storybook/
 * shows (building, then done, or failed with the end of its output). A stand-in command plays the build here.
 */
import { describe, expect, it } from "vitest";
import { createStorybookBuild } from "./storybook-build.js";

const quiet = { info() {}, warn() {} };
const node = (script: string): [string, ...string[]] => [process.execPath, "-e", script];

describe("the background Storybook build", () => {
  it("is idle until started, building while its command runs, done once it exits 0; started once", async () => {
    const build = createStorybookBuild({ command: node("setTimeout(() => {}, 200)") });
    expect(build.status()).toEqual({ state: "idle" });
    const ended = build.start(quiet);
    expect(build.status().state).toBe("building");
    expect(build.start(quiet)).toBe(ended);
    expect((await ended).state).toBe("done");
    expect(build.status().state).toBe("done");
  });

  it("fails with the end of its output when the command fails or cannot start", async () => {
    const failing = createStorybookBuild({ command: node("console.error('vite: out of memory'); process.exit(3)") });
    const failed = await failing.start(quiet);
    expect(failed.state).toBe("failed");
    expect(failed.state === "failed" && failed.output).toContain("vite: out of memory");
    const missing = createStorybookBuild({ command: ["/nonexistent/storybook-builder"] });
    expect((await missing.start(quiet)).state).toBe("failed");
  });
});
