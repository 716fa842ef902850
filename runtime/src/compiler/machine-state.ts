/**
 * The pure steps of the compiled machine: the initial state, one transition, and turning snapshots into JSON
 * for the database and back. Each returns the states a step entered (from the `enter` actions), which is the
 * engine's to-do list. Nothing here touches the outside world.
 */
import { type AnyActorScope, type AnyMachineSnapshot, createActor, initialTransition } from "xstate";
import type { CompiledFlow, FlowEvent } from "./compile-flow.js";

/** What the database stores: where the instance is, and the engine's own bookkeeping. */
export interface PersistedState {
  value: unknown;
  context: Record<string, unknown>;
}

export interface Step {
  snapshot: AnyMachineSnapshot;
  /** State ids entered by this step, in entry order. */
  entered: string[];
}

function enteredBy(actions: ReadonlyArray<{ type?: string; params?: unknown }>): string[] {
  const entered: string[] = [];
  for (const action of actions) {
    const params = action.params as { state?: unknown } | undefined;
    if (action.type === "enter" && typeof params?.state === "string") entered.push(params.state);
  }
  return entered;
}

export function start(flow: CompiledFlow, context: Record<string, unknown> = {}): Step {
  const [initial, actions] = initialTransition(flow.machine);
  return { snapshot: withContext(flow, initial, context), entered: enteredBy(actions as never) };
}

/**
 * One inert actor scope per compiled machine, reused by every step: xstate's `transition()` builds a new actor
 * (and its system) for each call, which was the largest single cost of a step. Our machines invoke and spawn
 * nothing, so a step only needs a scope that collects the actions it would execute; steps run synchronously, so
 * one collecting array per machine is enough.
 */
interface StepScope {
  scope: AnyActorScope;
  actions: Array<{ type?: string; params?: unknown }>;
}
const scopes = new WeakMap<CompiledFlow["machine"], StepScope>();

function scopeOf(flow: CompiledFlow): StepScope {
  const cached = scopes.get(flow.machine);
  if (cached) return cached;
  const self = createActor(flow.machine);
  const actions: StepScope["actions"] = [];
  const scope: AnyActorScope = {
    self,
    id: "",
    sessionId: "",
    system: self.system,
    logger: () => {},
    defer: () => {},
    emit: () => {},
    stopChild: () => {},
    actionExecutor: (action) => {
      actions.push(action as StepScope["actions"][number]);
    },
  };
  const created = { scope, actions };
  scopes.set(flow.machine, created);
  return created;
}

/** Applies one event; an event no active state accepts leaves the snapshot as it was and enters nothing. */
export function step(flow: CompiledFlow, snapshot: AnyMachineSnapshot, event: FlowEvent): Step {
  const { scope, actions } = scopeOf(flow);
  actions.length = 0;
  const next = flow.machine.transition(snapshot, event, scope) as AnyMachineSnapshot;
  return { snapshot: next, entered: enteredBy(actions) };
}

/** The same position with new bookkeeping (the machine itself never changes its context). */
export function withContext(flow: CompiledFlow, snapshot: AnyMachineSnapshot, context: Record<string, unknown>) {
  return flow.machine.resolveState({ value: snapshot.value, context }) as AnyMachineSnapshot;
}

export function persist(snapshot: AnyMachineSnapshot): PersistedState {
  return { value: snapshot.value, context: snapshot.context as Record<string, unknown> };
}

export function restore(flow: CompiledFlow, state: PersistedState): AnyMachineSnapshot {
  return flow.machine.resolveState({ value: state.value as never, context: state.context }) as AnyMachineSnapshot;
}

/** State ids of the node states an instance is in now (regions waiting at their join are left out). */
export function activeStates(flow: CompiledFlow, value: unknown): string[] {
  const active: string[] = [];
  const walk = (v: unknown, prefix: string) => {
    if (typeof v === "string") {
      const id = flow.byPath.get(`${prefix}${v}`);
      if (id !== undefined) active.push(id);
    } else if (v !== null && typeof v === "object") {
      for (const [key, child] of Object.entries(v)) {
        const id = flow.byPath.get(`${prefix}${key}`);
        if (id !== undefined) active.push(id);
        walk(child, `${prefix}${key}.`);
      }
    }
  };
  walk(value, "");
  return active;
}
