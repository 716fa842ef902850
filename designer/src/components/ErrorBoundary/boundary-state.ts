/** What an error boundary shows of a thrown value: its message only (never a stack), and a fallback for non-errors. */

export interface BoundaryState {
  error: { message: string } | undefined;
}

export function errorMessage(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message.trim() || thrown.name || "an unnamed error";
  if (typeof thrown === "string" && thrown.trim() !== "") return thrown;
  return "something went wrong that the designer did not expect";
}

/** The state after a child threw (React's getDerivedStateFromError). */
export const caught = (thrown: unknown): BoundaryState => ({ error: { message: errorMessage(thrown) } });

/** Whether the boundary should try its children again because what they depend on changed. */
export function keysChanged(before: readonly unknown[] | undefined, after: readonly unknown[] | undefined): boolean {
  const a = before ?? [];
  const b = after ?? [];
  return a.length !== b.length || a.some((v, i) => !Object.is(v, b[i]));
}
