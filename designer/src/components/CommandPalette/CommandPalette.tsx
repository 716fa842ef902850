/**
 * The palette itself: a combobox over a filtered listbox, in a native modal dialog (focus stays inside and comes
 * back). Arrow keys move, Enter runs, Escape closes.
 */
import { type KeyboardEvent, useEffect, useId, useMemo, useState } from "react";
import { useModalDialog } from "../../hooks/useModalDialog.js";
import { filterCommands, type PaletteCommand } from "./match.js";
import "./command-palette.css";

export interface CommandPaletteProps {
  commands: readonly PaletteCommand[];
  onClose(): void;
}

export function CommandPalette({ commands, onClose }: CommandPaletteProps) {
  const { ref, onKeyDown: onDialogKeyDown } = useModalDialog(onClose);
  const listId = useId();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const shown = useMemo(() => filterCommands(commands, query), [commands, query]);
  const current = shown[Math.min(active, shown.length - 1)];
  const optionId = (command: PaletteCommand) => `${listId}-${command.id}`;

  // The active row stays in view while the arrow keys move through a long list.
  useEffect(() => {
    if (current) document.getElementById(optionId(current))?.scrollIntoView({ block: "nearest" });
  });

  const run = (command: PaletteCommand | undefined) => {
    if (!command || command.disabledReason !== undefined) return;
    onClose();
    command.run();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const last = shown.length - 1;
    if (event.key === "ArrowDown") setActive((i) => (i >= last ? 0 : i + 1));
    else if (event.key === "ArrowUp") setActive((i) => (i <= 0 ? last : Math.min(i, last) - 1));
    else if (event.key === "Home") setActive(0);
    else if (event.key === "End") setActive(last);
    else if (event.key === "Enter") run(current);
    else return;
    event.preventDefault();
  };

  return (
    <dialog ref={ref} onKeyDown={onDialogKeyDown} className="modal command-palette" aria-label="Command palette">
      <input
        type="text"
        role="combobox"
        aria-label="Command"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={current ? optionId(current) : undefined}
        placeholder="Add a node, find a node, run, publish…"
        autoFocus
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <div id={listId} role="listbox" aria-label="Commands" className="command-list">
        {shown.map((command) => (
          // Clicks run a command; the keyboard works through the text box (aria-activedescendant), as in a combobox.
          // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox's text box handles the keys for every option
          <div
            key={command.id}
            id={optionId(command)}
            role="option"
            tabIndex={-1}
            aria-selected={command === current}
            aria-disabled={command.disabledReason !== undefined}
            className={command === current ? "active" : undefined}
            onMouseMove={() => setActive(shown.indexOf(command))}
            onClick={() => run(command)}
          >
            <span>{command.label}</span>
            {command.disabledReason ? <span className="command-hint">{command.disabledReason}</span> : null}
          </div>
        ))}
      </div>
      {shown.length === 0 ? <p className="help command-empty">No command matches “{query}”.</p> : null}
    </dialog>
  );
}
