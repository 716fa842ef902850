import { Shell } from "@mfo/designer/components/Shell";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";

/** Stands in for the page the shell frames (each page has its own stories). */
const page = (title: string) => (
  <main className="page">
    <h1>{title}</h1>
    <p className="help">The page goes here.</p>
  </main>
);

const meta = {
  title: "Designer/Shell",
  component: Shell,
  args: { current: "flows", onSignOut: fn(), children: page("Flow types") },
  argTypes: { children: { control: false } },
} satisfies Meta<typeof Shell>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The navigation link marked as the current page, if any. */
const currentLinks = (canvasElement: HTMLElement) =>
  within(within(canvasElement).getByRole("navigation", { name: "Main" }))
    .getAllByRole("link")
    .filter((a) => a.getAttribute("aria-current") === "page")
    .map((a) => a.textContent);

export const FlowTypes: Story = {
  play: async ({ canvasElement, args }) => {
    await expect(currentLinks(canvasElement)).toEqual(["Flow types"]);
    await expect(within(canvasElement).getByRole("heading", { name: "Flow types" })).toBeVisible();
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Sign out" }));
    await expect(args.onSignOut).toHaveBeenCalledOnce();
  },
};

export const Instances: Story = {
  args: { current: "instances", children: page("Instances") },
  play: async ({ canvasElement }) => {
    await expect(currentLinks(canvasElement)).toEqual(["Instances"]);
    await expect(within(canvasElement).getByRole("link", { name: "Instances" })).toHaveAttribute("href", "/instances");
  },
};

/** In the editor no tab is current: the editor is reached from a flow type, not from the navigation. */
export const Editor: Story = {
  args: { current: "editor", children: page("Assessment") },
  play: async ({ canvasElement }) => {
    await expect(currentLinks(canvasElement)).toEqual([]);
  },
};

/** The Secrets page (admins set the tenant's secrets there). */
export const Secrets: Story = {
  args: { current: "secrets", children: page("Secrets") },
  play: async ({ canvasElement }) => {
    await expect(currentLinks(canvasElement)).toEqual(["Secrets"]);
    await expect(within(canvasElement).getByRole("link", { name: "Secrets" })).toHaveAttribute("href", "/secrets");
  },
};
