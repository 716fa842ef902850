/** One row of the JSON tree: its caret, key and value (or a collapsed container's summary), with search hits marked. */
import type { ReactNode } from "react";
import { type JsonRow, REDACTED, scalarText, summary } from "./json-rows.js";
import { splitHit } from "./json-search.js";

export interface JsonRowViewProps {
  row: JsonRow;
  domId: string;
  active: boolean;
  match: "current" | "other" | undefined;
  query: string;
  top: number;
  onSelect(): void;
  onToggle(): void;
}

export function JsonRowView({ row, domId, active, match, query, top, onSelect, onToggle }: JsonRowViewProps) {
  const container = row.kind === "object" || row.kind === "array";
  const keyText = row.key === undefined ? undefined : typeof row.key === "number" ? String(row.key) : row.key;
  const classes = ["json-row", active ? "active" : "", match ? `match match-${match}` : ""].filter(Boolean);
  return (
    // biome-ignore lint/a11y/useFocusableInteractive: the tree holds the focus and names its active row with aria-activedescendant
    // biome-ignore lint/a11y/useKeyWithClickEvents: the tree's own key handler moves between and toggles rows
    <div
      role="treeitem"
      id={domId}
      className={classes.join(" ")}
      aria-level={row.depth + 1}
      aria-posinset={row.position}
      aria-setsize={row.siblings}
      aria-selected={active}
      aria-expanded={container && row.size > 0 ? row.expanded : undefined}
      data-path={row.id}
      style={{ transform: `translateY(${top}px)`, paddingLeft: `${row.depth * 16 + 4}px` }}
      onClick={onSelect}
      onDoubleClick={container ? onToggle : undefined}
    >
      <span
        className="json-caret"
        aria-hidden="true"
        onClick={(e) => {
          e.stopPropagation();
          onSelect();
          onToggle();
        }}
      >
        {container && row.size > 0 ? (row.expanded ? "▾" : "▸") : ""}
      </span>
      {keyText !== undefined ? (
        <span className={typeof row.key === "number" ? "json-index" : "json-key"}>
          {marked(keyText, query)}
          <span className="json-colon">: </span>
        </span>
      ) : null}
      {container ? (
        <span className="json-summary">{summary(row)}</span>
      ) : row.value === REDACTED ? (
        <span className="json-redacted" title="a sensitive value, sealed at rest">
          redacted
        </span>
      ) : (
        <span className={`json-value json-${row.kind}`}>{marked(scalarText(row.value), query)}</span>
      )}
    </div>
  );
}

function marked(text: string, query: string): ReactNode {
  const shown = text.length > 400 ? `${text.slice(0, 400)}…` : text;
  const hit = splitHit(shown, query);
  if (!hit) return shown;
  return (
    <>
      {hit[0]}
      <mark>{hit[1]}</mark>
      {hit[2]}
    </>
  );
}
