import type { InspectorProps } from "@mfo/designer/components/Inspector";
import { Inspector } from "@mfo/designer/components/Inspector";
import { type CatalogueEntry, type FlowNode, nodeTypes } from "@mfo/schemas";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { http } from "msw";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { problem } from "../fixtures/api.js";
import { catalogue } from "../fixtures/examples.js";
import {
  badHttp,
  errorsOf,
  everyNodeType,
  longText,
  nodeOfType,
  serverParamErrors,
  withHandler,
  withValidator,
} from "../fixtures/forms.js";
import { LiveInspector, PublishedInspector } from "../fixtures/live.js";

/** Story args: the inspector's props, plus the catalogue entry a handler or validator story shows. */
type InspectorStoryArgs = InspectorProps & { handler?: string; validator?: string };

const nothing = { nodes: [], edges: [] };
const node = (id: string) => ({ nodes: [id], edges: [] });
const edge = (id: string) => ({ nodes: [], edges: [id] });

/** Every param of a catalogue entry has its field (an input, or the fieldset of a list or map) on the form. */
async function expectParamsForm(root: HTMLElement, entry: CatalogueEntry, prefix: string) {
  const properties = Object.keys((entry.paramsSchema as { properties?: object }).properties ?? {});
  for (const name of properties) {
    await waitFor(() => expect(root.querySelector(`[id="${prefix}/${name}"]`), `field ${name}`).not.toBeNull());
  }
}

const entryOf = (list: readonly CatalogueEntry[], name: string | undefined): CatalogueEntry => {
  const entry = list.find((e) => e.name === name);
  if (entry === undefined) throw new Error(`no catalogue entry ${name}`);
  return entry;
};

const meta = {
  title: "Designer/Inspector",
  component: Inspector,
  // The editor re-checks the document after every command and hands the errors back; so does this harness.
  // `errors` here are extra ones, as from the server, which the editor drops on the first edit.
  render: (args) => <LiveInspector {...args} />,
  args: { doc: everyNodeType, catalogue, errors: [], selection: nothing, onCommand: fn(), readOnly: false },
  argTypes: {
    doc: { control: "object" },
    catalogue: { control: false },
    handler: {
      control: "select",
      options: catalogue.handlers.map((h) => h.name),
      if: { arg: "handler", exists: true },
    },
    validator: {
      control: "select",
      options: catalogue.validators.map((v) => v.name),
      if: { arg: "validator", exists: true },
    },
  },
} satisfies Meta<InspectorStoryArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Nothing selected: the flow's own fields. */
export const Empty: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("heading", { name: "Flow" })).toBeVisible();
    await expect(canvas.getByRole("textbox", { name: "Id" })).toHaveValue(everyNodeType.id);
    await userEvent.type(canvas.getByRole("textbox", { name: "Name" }), "!");
    await expect(args.onCommand).toHaveBeenLastCalledWith({
      kind: "updateFlow",
      patch: { name: `${everyNodeType.name}!` },
    });
  },
};

/** A phase with the handler and validator of a typical flow step. */
export const Typical: Story = { args: { selection: node("work") } };

/** One story per node type; the picker story below walks through all of them. */
export const StartNode: Story = { args: { selection: node(nodeOfType("start")) } };
export const PhaseNode: Story = { args: { selection: node(nodeOfType("phase")) } };
export const DecisionNode: Story = { args: { selection: node(nodeOfType("decision")) } };
export const ParallelNode: Story = { args: { selection: node(nodeOfType("parallel")) } };
export const JoinNode: Story = { args: { selection: node(nodeOfType("join")) } };
export const ApprovalNode: Story = { args: { selection: node(nodeOfType("approval")) } };
export const EndNode: Story = {
  args: { selection: node("rejected") },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("combobox", { name: "Outcome" })).toHaveValue("failed");
  },
};

export const WaitNode: Story = {
  args: { selection: node(nodeOfType("wait")) },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("combobox", { name: "Waits for" })).toHaveValue("delay");
    await expect(canvas.getByRole("spinbutton", { name: "Delay (ms)" })).toHaveValue(60000);
    // A wait has one of a delay, a time or an event: choosing Until clears the delay.
    await userEvent.selectOptions(canvas.getByRole("combobox", { name: "Waits for" }), "until");
    await expect(args.onCommand).toHaveBeenLastCalledWith({
      kind: "updateNode",
      id: "cool-down",
      patch: { delayMs: undefined, event: undefined, until: "" },
    });
    await userEvent.type(canvas.getByRole("textbox", { name: /Until/ }), "$now()");
    await expect(args.onCommand).toHaveBeenLastCalledWith({
      kind: "updateNode",
      id: "cool-down",
      patch: { until: "$now()" },
    });
    await expect(canvas.queryByRole("spinbutton", { name: "Delay (ms)" })).toBeNull();
  },
};

/** A wait for a correlated event: its name, a key read from the context, and a timeout. */
export const WaitForEvent: Story = {
  args: { selection: node(nodeOfType("wait")) },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.selectOptions(canvas.getByRole("combobox", { name: "Waits for" }), "event");
    await userEvent.type(canvas.getByRole("textbox", { name: "Event name" }), "payment.received");
    await userEvent.selectOptions(canvas.getByRole("combobox", { name: "Correlation key" }), "expression");
    await userEvent.type(canvas.getByRole("textbox", { name: "Key expression" }), "input.orderId");
    await userEvent.type(canvas.getByRole("spinbutton", { name: "Timeout (ms)" }), "60000");
    await expect(args.onCommand).toHaveBeenLastCalledWith({
      kind: "updateNode",
      id: "cool-down",
      patch: { event: { name: "payment.received", key: "=input.orderId", timeoutMs: 60000 } },
    });
    // With a timeout the wait needs a second edge, for when no event comes: validation says so on the wait.
    await expect(await canvas.findByRole("alert")).toHaveTextContent(/one with on: "timeout"/);
  },
};

const eventWait: FlowNode = {
  id: "await-payment",
  type: "wait",
  event: { name: "payment.received", key: "=input.orderId", timeoutMs: 60_000 },
};

/** An edge out of a timed event wait says whether it is taken when the event came or when it did not. */
export const EventWaitEdge: Story = {
  args: {
    doc: {
      ...everyNodeType,
      nodes: [...everyNodeType.nodes, eventWait],
      edges: [...everyNodeType.edges, { id: "e-late", source: "await-payment", target: "rejected", on: "timeout" }],
    },
    selection: edge("e-late"),
  },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const on = canvas.getByRole("combobox", { name: "Taken when" });
    await expect(on).toHaveValue("timeout");
    await userEvent.selectOptions(on, "event");
    await expect(args.onCommand).toHaveBeenLastCalledWith({ kind: "updateEdge", id: "e-late", patch: { on: "event" } });
  },
};

export const SubflowNode: Story = {
  args: { selection: node(nodeOfType("subflow")) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("textbox", { name: "Flow type" })).toHaveValue("assessment");
    await expect(canvas.getByRole("textbox", { name: "Input (JSONata)" })).toHaveValue("{ 'application': input.name }");
  },
};

/**
 * A node whose type this designer does not know (a hand-written draft, or a type newer than the designer): its id
 * and label stay editable, and a message stands where its type's fields would be; nothing throws.
 */
export const UnknownNodeType: Story = {
  args: {
    doc: { ...everyNodeType, nodes: [...everyNodeType.nodes, { id: "beam", type: "teleport" } as unknown as FlowNode] },
    selection: node("beam"),
  },
  play: async ({ canvasElement }) => {
    const section = within(canvasElement).getByRole("region", { name: "Node beam" });
    await expect(within(section).getByRole("alert")).toHaveTextContent('Unknown node type "teleport"');
    await expect(within(section).getByRole("textbox", { name: "Id" })).toHaveValue("beam");
    await expect(within(section).getByRole("textbox", { name: "Label" })).toBeEnabled();
  },
};

/** Walks through a node of every type in the registry (a new type without a node here fails). */
export const EveryNodeType: Story = {
  render: (args) => <LiveInspector {...args} picker />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(errorsOf(everyNodeType)).toEqual([]);
    for (const { type } of nodeTypes) {
      const id = nodeOfType(type);
      await userEvent.selectOptions(canvas.getByRole("combobox", { name: "Inspect" }), `node:${id}`);
      const section = await canvas.findByRole("region", { name: `Node ${id}` });
      await expect(section).toHaveTextContent(new RegExp(`^${type} ${id}`));
      await expect(within(section).queryByRole("alert")).toBeNull();
    }
  },
};

/** A decision's edge: its JSONata condition, or the default path. */
export const DecisionEdge: Story = {
  args: { selection: edge("e7") },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const condition = canvas.getByRole("textbox", { name: "Condition (JSONata)" });
    await userEvent.clear(condition);
    await userEvent.type(condition, "phases.work.output.(count");
    await expect(condition).toHaveAccessibleDescription(/Expected "\)" before end of expression/);
    await expect(args.onCommand).toHaveBeenLastCalledWith({
      kind: "updateEdge",
      id: "e7",
      patch: { condition: "phases.work.output.(count" },
    });
  },
};

export const DecisionDefaultEdge: Story = {
  args: { selection: edge("e8") },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("checkbox", { name: "Default path" })).toBeChecked();
  },
};

/** An approval's edge: which decision takes it. */
export const ApprovalEdge: Story = {
  args: { selection: edge("e10") },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("combobox", { name: "Decision" })).toHaveValue("reject");
  },
};

export const PlainEdge: Story = { args: { selection: edge("e1") } };

export const SeveralSelected: Story = {
  args: { selection: { nodes: ["work", "cool-down", "done"], edges: [] } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText(/3 nodes selected/)).toBeVisible();
  },
};

/** A phase running `handler`: its params form is generated from the catalogue's params schema. */
const handlerStory = (handler: string): Story => ({
  args: { handler, selection: node("work") },
  render: ({ handler: name, ...args }) => <LiveInspector {...args} doc={withHandler(name ?? "noop")} />,
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("combobox", { name: "Handler" })).toHaveValue(args.handler);
    await expectParamsForm(canvasElement, entryOf(catalogue.handlers, args.handler), "params");
    await expect(canvas.queryByRole("alert")).toBeNull();
  },
});

export const NoopHandler = handlerStory("noop");
export const TransformHandler = handlerStory("transform");
export const HttpHandler = handlerStory("http");
export const LogHandler = handlerStory("log");

/** Switches the phase through every handler of the catalogue: each one's params form replaces the last. */
export const EveryHandler: Story = {
  args: { selection: node("work") },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    for (const entry of catalogue.handlers) {
      await userEvent.selectOptions(canvas.getByRole("combobox", { name: "Handler" }), entry.name);
      await expect(args.onCommand).toHaveBeenLastCalledWith({
        kind: "updateNode",
        id: "work",
        patch: { handler: entry.name, params: undefined },
      });
      await expect(canvas.getByRole("group", { name: "Params" })).toBeVisible();
      await expectParamsForm(canvasElement, entry, "params");
    }
  },
};

/** A phase checked by `validator`: its params form is generated from the catalogue's params schema. */
const validatorStory = (validator: string): Story => ({
  args: { validator, selection: node("work") },
  render: ({ validator: name, ...args }) => <LiveInspector {...args} doc={withValidator(name ?? "required")} />,
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("combobox", { name: "Validator 1" })).toHaveValue(args.validator);
    await expectParamsForm(canvasElement, entryOf(catalogue.validators, args.validator), "validator-0");
    await expect(canvas.queryByRole("alert")).toBeNull();
  },
});

export const RequiredValidator = validatorStory("required");
export const SchemaValidator = validatorStory("schema");
export const ExpressionValidator = validatorStory("expression");

/** Adds a validator and switches it through every validator of the catalogue, then removes it. */
export const EveryValidator: Story = {
  args: { doc: withHandler("noop"), selection: node("work") },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Add validator" }));
    for (const entry of catalogue.validators) {
      await userEvent.selectOptions(canvas.getByRole("combobox", { name: "Validator 1" }), entry.name);
      await expectParamsForm(canvasElement, entry, "validator-0");
    }
    await userEvent.click(canvas.getByRole("button", { name: "Remove validator" }));
    await expect(args.onCommand).toHaveBeenLastCalledWith({
      kind: "updateNode",
      id: "work",
      patch: { validators: undefined },
    });
    await expect(canvas.queryByRole("combobox", { name: "Validator 1" })).toBeNull();
  },
};

/** Before the catalogue has loaded: the handler is named but its params cannot be edited yet. */
export const CatalogueLoading: Story = {
  args: { catalogue: undefined, selection: node("work") },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("combobox", { name: "Handler" })).toHaveDisplayValue("http (unknown)");
    await expect(canvas.queryByRole("group", { name: "Params" })).toBeNull();
    await expect(canvas.getByRole("button", { name: "Add validator" })).toBeDisabled();
  },
};

/** Params of the wrong kinds: every error validateFlow reports sits on the field it is about. */
export const InvalidParams: Story = {
  args: { doc: badHttp, selection: node("work") },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("textbox", { name: "URL" })).toHaveAccessibleDescription(
      /"ftp:\/\/inventory.example.com\/servers" is not allowed here/,
    );
    // The form cannot show "FETCH" in the method's select, so it shows it as JSON text rather than drop it.
    await expect(canvas.getByRole("textbox", { name: "Method" })).toHaveValue('"FETCH"');
    await expect(canvas.getByRole("textbox", { name: "Method" })).toHaveAccessibleDescription(/must be one of "GET"/);
    await expect(canvas.getByRole("spinbutton", { name: "Success status 2" })).toHaveAccessibleDescription(
      /must be at least 100/,
    );
  },
};

/**
 * Typing bad params: a value that is JSON but wrong is kept in the draft (as in the editor, so nothing typed is
 * lost) and its message appears on the field at once; text that is not JSON never reaches the document.
 */
export const RejectsBadParams: Story = {
  args: { doc: withHandler("http"), selection: node("work") },
  play: async ({ canvasElement, args, step }) => {
    const canvas = within(canvasElement);
    const url = canvas.getByRole("textbox", { name: "URL" });
    const onCommand = args.onCommand as ReturnType<typeof fn>;

    await step("a URL that is not http(s) gets a message on the URL field", async () => {
      await userEvent.clear(url);
      await userEvent.type(url, "ftp://inventory.example.com");
      await expect(url).toHaveAttribute("aria-invalid", "true");
      await expect(url).toHaveAccessibleDescription(/"ftp:\/\/inventory.example.com" is not allowed here/);
      const field = url.closest(".mfo-field") as HTMLElement;
      await expect(within(field).getByRole("alert")).toHaveTextContent(/is not allowed here: http\(s\) URL/);
    });

    await step("fixing it clears the message", async () => {
      await userEvent.clear(url);
      await userEvent.type(url, "https://inventory.example.com");
      await expect(url).toHaveAttribute("aria-invalid", "false");
      await expect(within(url.closest(".mfo-field") as HTMLElement).queryByRole("alert")).toBeNull();
    });

    await step("a status out of range gets a message on its item", async () => {
      const status = canvas.getByRole("spinbutton", { name: "Success status 1" });
      await userEvent.clear(status);
      await userEvent.type(status, "42");
      await expect(status).toHaveAccessibleDescription(/must be at least 100/);
    });

    await step("a body that is not JSON shows why and is never stored", async () => {
      const body = canvas.getByRole("textbox", { name: "Body" });
      onCommand.mockClear();
      await userEvent.clear(body);
      onCommand.mockClear();
      await userEvent.type(body, "{{ estate: ");
      await expect(body).toHaveAccessibleDescription(/not valid JSON/);
      await expect(onCommand).not.toHaveBeenCalled();
      await userEvent.clear(body);
      await userEvent.paste('{ "estate": "=input.estate" }');
      await expect(within(body.closest(".mfo-field") as HTMLElement).queryByRole("alert")).toBeNull();
      await expect(onCommand).toHaveBeenLastCalledWith(
        expect.objectContaining({ patch: { params: expect.objectContaining({ body: { estate: "=input.estate" } }) } }),
      );
    });
  },
};

/** The server refused the publish (422) with errors only it can find: they land on the params they name. */
export const ServerErrors: Story = {
  args: {
    doc: withHandler("http", {
      url: "https://inventory.example.com/api/servers",
      headers: { Authorization: "Bearer s3cr3t" },
    }),
    selection: node("work"),
  },
  render: (args) => <PublishedInspector {...args} />,
  parameters: {
    msw: {
      handlers: [
        http.post("/api/v1/flow-types", () => problem(422, "the flow definition is not valid", serverParamErrors)),
      ],
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole("status")).toHaveTextContent("the flow definition is not valid");
    await expect(canvas.getByRole("textbox", { name: "URL" })).toHaveAccessibleDescription(
      /resolves to a private address/,
    );
    await expect(canvas.getByRole("textbox", { name: "Authorization" })).toHaveAccessibleDescription(
      /secrets belong in the runtime's credentials/,
    );
  },
};

/** Long names, labels, descriptions, URLs and header names wrap inside the panel. */
export const LongText: Story = {
  args: { doc: longText, selection: node("work") },
  play: async ({ canvasElement }) => {
    await expect(errorsOf(longText)).toEqual([]);
    const panel = within(canvasElement).getByRole("complementary", { name: "Inspector" });
    await expect(panel.scrollWidth).toBeLessThanOrEqual(panel.clientWidth + 1);
  },
};

export const LongTextFlow: Story = { args: { doc: longText } };

/** A published version: everything is shown, nothing can be changed. */
export const ReadOnly: Story = {
  args: { readOnly: true, selection: node("work"), doc: withHandler("http") },
  play: async ({ canvasElement }) => {
    const controls = canvasElement.querySelectorAll("input, select, textarea, button");
    await expect(controls.length).toBeGreaterThan(10);
    for (const control of controls) await expect(control).toBeDisabled();
  },
};

/**
 * Renaming a node: the Id field keeps what is typed (and its focus) and renames on Enter, as one command; an id
 * another node has is flagged while typing and not renamed; Escape keeps the id; an id that breaks the rules is
 * flagged once renamed.
 */
export const RenamesANode: Story = {
  args: { selection: node("work") },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const id = () => canvas.getByRole("textbox", { name: "Id" });
    await userEvent.type(id(), "-2");
    await expect(args.onCommand).not.toHaveBeenCalled();
    await userEvent.keyboard("{Enter}");
    await expect(args.onCommand).toHaveBeenCalledTimes(1);
    await expect(args.onCommand).toHaveBeenLastCalledWith({ kind: "updateNode", id: "work", patch: { id: "work-2" } });
    await expect(id()).toHaveValue("work-2");
    await expect(id()).toHaveFocus();

    await userEvent.clear(id());
    await userEvent.type(id(), "cool-down{Enter}");
    await expect(id()).toHaveAccessibleDescription('node id "cool-down" is already used');
    await expect(args.onCommand).toHaveBeenCalledTimes(1);
    await userEvent.keyboard("{Escape}");
    await expect(id()).toHaveValue("work-2");

    await userEvent.type(id(), " X{Enter}");
    await expect(id()).toHaveAccessibleDescription(/is not allowed here/);
    await expect(id()).toHaveFocus();
  },
};
