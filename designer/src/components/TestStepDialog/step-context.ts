/**
 * The context "Test this phase" opens with: the last run of the flow type's (its input, phases and vars), else an
 * empty one whose input holds the input schema's defaults.
 */
import type { FlowDefinition, InstanceContext } from "@mfo/schemas";

/** An instance's context as the editor shows it: { input, phases, vars }. */
export function contextOfRun(context: InstanceContext): Record<string, unknown> {
  return { input: context.input ?? {}, phases: context.phases ?? {}, vars: context.vars ?? {} };
}

/** { input: the defaults of the input schema's top-level properties, phases: {}, vars: {} }. */
export function emptyContext(definition: FlowDefinition): Record<string, unknown> {
  const schema = definition.input as { properties?: Record<string, { default?: unknown }> } | undefined;
  const input = Object.fromEntries(
    Object.entries(schema?.properties ?? {})
      .filter(([, p]) => p !== null && typeof p === "object" && "default" in p)
      .map(([key, p]) => [key, p.default]),
  );
  return { input, phases: {}, vars: {} };
}
