/** How late the event loop ran a timer while some work went on: what a stalled server looks like from inside. */

/** Runs `work` while a 10 ms interval timer measures how late the event loop fires it; the worst lag, in ms. */
export async function worstLag<T>(work: () => Promise<T>): Promise<{ result: T; lagMs: number }> {
  let last = performance.now();
  let lagMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    lagMs = Math.max(lagMs, now - last - 10);
    last = now;
  }, 10);
  try {
    return { result: await work(), lagMs };
  } finally {
    clearInterval(timer);
  }
}
