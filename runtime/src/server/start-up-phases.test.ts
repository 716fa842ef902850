/** The start-up timer: each phase's milliseconds, in order, summed when a phase runs twice, kept when it throws. */
import { describe, expect, it } from "vitest";
import { createStartUpTimer } from "./start-up-phases.js";

describe("createStartUpTimer", () => {
  it("records each phase's milliseconds in the order the phases ran", async () => {
    let now = 0;
    const timer = createStartUpTimer(() => now);
    timer.record("modules", 120.4);
    await timer.phase("database", async () => {
      now += 30;
    });
    const value = await timer.phase("migrations", () => {
      now += 5;
      return "done";
    });
    expect(value).toBe("done");
    expect(timer.phases()).toEqual({ modules: 120, database: 30, migrations: 5 });
    expect(Object.keys(timer.phases())).toEqual(["modules", "database", "migrations"]);
  });

  it("adds up a phase that runs twice and times a phase that throws", async () => {
    let now = 0;
    const timer = createStartUpTimer(() => now);
    await timer.phase("publish", () => {
      now += 2;
    });
    await timer.phase("publish", () => {
      now += 3;
    });
    await expect(
      timer.phase("listen", () => {
        now += 7;
        throw new Error("port in use");
      }),
    ).rejects.toThrow("port in use");
    expect(timer.phases()).toEqual({ publish: 5, listen: 7 });
  });
});
