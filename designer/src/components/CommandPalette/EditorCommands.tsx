/**
 * The editor's keyboard entry points that open something: Ctrl+K (Cmd+K) the command palette, `?` the shortcut
 * sheet. Builds the palette's commands from the flow on screen (add each node type, find each node by its label,
 * add a note, run, publish, lay out, JSON view, shortcuts); the actions themselves are the editor's own callbacks.
 */
import { type FlowDefinition, type NodeType, nodeTypes } from "@mfo/schemas";
import { useReactFlow } from "@xyflow/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { nodeLabel } from "../../core/index.js";
import type { EditorSelection } from "../../hooks/useEditor.js";
import { ShortcutSheet } from "../ShortcutSheet/index.js";
import { CommandPalette } from "./CommandPalette.js";
import type { PaletteCommand } from "./match.js";

export interface EditorCommandsProps {
  doc: FlowDefinition;
  readOnly: boolean;
  canPublish: boolean;
  onAddNode(type: NodeType): void;
  onAddNote(): void;
  onSelect(selection: EditorSelection): void;
  onRun(): void;
  onPublish(): void;
  onLayout(): void;
  onToggleJson(): void;
}

type Open = "palette" | "shortcuts" | undefined;

/** Whether a key press is typing into a field (where `?` is a character, not a shortcut). */
const typing = (target: EventTarget | null) =>
  target instanceof Element && target.closest("input, textarea, select, [contenteditable]") !== null;

export function EditorCommands(props: EditorCommandsProps) {
  const { doc, readOnly, canPublish } = props;
  const [open, setOpen] = useState<Open>();
  const flow = useReactFlow();
  // The editor's latest callbacks, read when a command runs (they are new functions on every render of the editor).
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
        // Ctrl+K works from anywhere, fields included, as in most editors; it would otherwise focus the address bar.
        event.preventDefault();
        setOpen((o) => (o === "palette" ? undefined : "palette"));
      } else if (event.key === "?" && !event.ctrlKey && !event.metaKey && !typing(event.target)) {
        event.preventDefault();
        setOpen("shortcuts");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // Built only while the palette is open, so editing on the canvas costs nothing here.
  const commands = useMemo((): PaletteCommand[] => {
    if (open !== "palette") return [];
    const editing = readOnly ? "this version is read-only" : undefined;
    const list: PaletteCommand[] = nodeTypes.map((t) => ({
      id: `add-${t.type}`,
      label: `Add ${t.title}`,
      ...(editing ? { disabledReason: editing } : {}),
      run: () => latest.current.onAddNode(t.type),
    }));
    list.push({
      id: "add-note",
      label: "Add sticky note",
      ...(editing ? { disabledReason: editing } : {}),
      run: () => latest.current.onAddNote(),
    });
    for (const node of doc.nodes) {
      const label = nodeLabel(node);
      list.push({
        id: `find-${node.id}`,
        label: label === node.id ? `Find node: ${label}` : `Find node: ${label} (${node.id})`,
        run: () => {
          latest.current.onSelect({ nodes: [node.id], edges: [] });
          // Centred at no more than 100% zoom, after the palette has closed and given the canvas its space back.
          requestAnimationFrame(() => flow.fitView({ nodes: [{ id: node.id }], maxZoom: 1, duration: 200 }));
        },
      });
    }
    list.push(
      // Run opens the same dialog as the toolbar's Run, which offers "Publish and run" for a flow never published.
      { id: "run", label: "Run", run: () => latest.current.onRun() },
      {
        id: "publish",
        label: "Publish",
        ...(canPublish ? {} : { disabledReason: readOnly ? "read-only" : "fix the problems first" }),
        run: () => latest.current.onPublish(),
      },
      {
        id: "layout",
        label: "Auto layout",
        ...(editing ? { disabledReason: editing } : {}),
        run: () => latest.current.onLayout(),
      },
      { id: "json", label: "Toggle JSON view", run: () => latest.current.onToggleJson() },
      { id: "shortcuts", label: "Show keyboard shortcuts", run: () => setOpen("shortcuts") },
    );
    return list;
  }, [open, doc.nodes, readOnly, canPublish, flow]);

  if (open === "palette") return <CommandPalette commands={commands} onClose={() => setOpen(undefined)} />;
  if (open === "shortcuts") return <ShortcutSheet onClose={() => setOpen(undefined)} />;
  return null;
}
