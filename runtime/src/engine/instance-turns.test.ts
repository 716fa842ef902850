import { describe, expect, it } from "vitest";
import { createInstanceTurns } from "./instance-turns.js";

describe("instance turns", () => {
  it("gives a free key's turn at once and the next one's in arrival order when it is released", async () => {
    const turns = createInstanceTurns();
    const first = await turns.take("a", 1_000);
    expect(first).toBeTypeOf("function");
    expect(turns.held("a")).toBe(true);
    const order: string[] = [];
    const second = turns.take("a", 5_000).then((release) => {
      order.push("second");
      return release;
    });
    const third = turns.take("a", 5_000).then((release) => {
      order.push("third");
      return release;
    });
    // Another key is independent of a's queue.
    const other = await turns.take("b", 0);
    expect(other).toBeTypeOf("function");
    other?.();

    first?.();
    first?.(); // a second call must not hand out a second turn
    (await second)?.();
    (await third)?.();
    expect(order).toEqual(["second", "third"]);
    expect(turns.size()).toBe(0);
  });

  it("answers undefined when the wait runs out, and the timed-out waiter never gets the turn later", async () => {
    const turns = createInstanceTurns();
    const holder = await turns.take("a", 1_000);
    expect(await turns.take("a", 0)).toBeUndefined();
    expect(await turns.take("a", 20)).toBeUndefined();
    const next = turns.take("a", 5_000);
    holder?.();
    const release = await next;
    expect(release).toBeTypeOf("function");
    release?.();
    expect(turns.held("a")).toBe(false);
    expect(turns.size()).toBe(0);
  });
});
