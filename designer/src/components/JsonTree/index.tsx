/**
 * A JSON value as a collapsible, searchable tree. Only the expanded part is flattened into rows and only the rows
 * in view are in the DOM (@tanstack/react-virtual), so a 5 MB value opens as fast as a small one. The tree keeps
 * the focus and names its active row with aria-activedescendant: arrows move, right/left open and close, Home and
 * End jump, Enter toggles, Ctrl+C copies the active value. Search finds keys and values in the whole value, opens
 * the containers of the matches and steps through them; copy takes a value or its path as an expression writes it.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from "react";
import { JsonRowView } from "./JsonRowView.js";
import { allContainers, displayPath, flattenTree, valueAt } from "./json-rows.js";
import { ancestorsOfAll, searchJson } from "./json-search.js";
import { copyText, useCopy } from "./useCopy.js";
import "./json-tree.css";

export interface JsonTreeProps {
  value: unknown;
  /** Names the tree for assistive technology (e.g. "Output"). */
  label: string;
  /** Prefix of copied paths, e.g. "phases.discovery.output". */
  basePath?: string;
  /** Containers this deep start open (default 1: the root's entries show). */
  openDepth?: number;
  /** Greatest height of the scrolled rows in CSS (default 320px); a short value takes only the rows it needs. */
  height?: string;
}

const ROW_HEIGHT = 22;

/** The containers open at first: the root and those above `depth`. */
function initiallyOpen(value: unknown, depth: number): Set<string> {
  const open = new Set<string>();
  for (const row of flattenTree(value, allContainers(value, 200))) if (row.depth < depth) open.add(row.id);
  open.add("");
  return open;
}

export function JsonTree({ value, label, basePath = "", openDepth = 1, height = "320px" }: JsonTreeProps) {
  const uid = useId();
  const [expanded, setExpanded] = useState(() => initiallyOpen(value, openDepth));
  const [activeId, setActiveId] = useState("");
  const [query, setQuery] = useState("");
  const deferredQuery = useDeferredValue(query);
  const [current, setCurrent] = useState(0);
  const { note, copy } = useCopy();
  const scrollRef = useRef<HTMLDivElement>(null);

  const search = useMemo(() => searchJson(value, deferredQuery), [value, deferredQuery]);
  // A new query opens the containers of its matches and goes to the first one.
  useEffect(() => {
    if (search.matches.length === 0) return;
    setExpanded((open) => new Set([...open, ...ancestorsOfAll(search.matches)]));
    setCurrent(0);
    setActiveId(search.matches[0] ?? "");
  }, [search]);

  const rows = useMemo(() => flattenTree(value, expanded), [value, expanded]);
  const indexOf = useMemo(() => new Map(rows.map((r, i) => [r.id, i])), [rows]);
  const matchSet = useMemo(() => new Set(search.matches), [search]);
  const activeIndex = indexOf.get(activeId) ?? 0;
  const active = rows[activeIndex];

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  // Keep the active row in the DOM and in view (aria-activedescendant must name an element that exists).
  useEffect(() => {
    virtualizer.scrollToIndex(activeIndex, { align: "auto" });
  }, [activeIndex, virtualizer]);

  const toggle = (id: string, open?: boolean) =>
    setExpanded((was) => {
      const next = new Set(was);
      if (open ?? !next.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });
  const go = (step: number) => {
    const n = search.matches.length;
    if (n === 0) return;
    const at = (current + step + n) % n;
    setCurrent(at);
    setActiveId(search.matches[at] ?? "");
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (!active) return;
    const move = (index: number) => {
      const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
      if (row) setActiveId(row.id);
    };
    const container = active.size > 0;
    if ((e.ctrlKey || e.metaKey) && e.key === "c") {
      copy(copyText(active.value), "the value");
      e.preventDefault();
      return;
    }
    switch (e.key) {
      case "ArrowDown":
        move(activeIndex + 1);
        break;
      case "ArrowUp":
        move(activeIndex - 1);
        break;
      case "Home":
        move(0);
        break;
      case "End":
        move(rows.length - 1);
        break;
      case "PageDown":
        move(activeIndex + 15);
        break;
      case "PageUp":
        move(activeIndex - 15);
        break;
      case "ArrowRight":
        if (container && !active.expanded) toggle(active.id, true);
        else if (container) move(activeIndex + 1);
        break;
      case "ArrowLeft":
        if (container && active.expanded) toggle(active.id, false);
        else if (active.parent !== undefined) setActiveId(active.parent);
        break;
      case "Enter":
      case " ":
        if (container) toggle(active.id);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const hits = search.matches.length;
  return (
    <div className="json-tree">
      <div className="json-tree-bar" role="toolbar" aria-label={`${label}: tree tools`}>
        <input
          type="search"
          className="json-search"
          placeholder="Search keys and values"
          aria-label={`Search ${label}`}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== "Enter") return;
            e.preventDefault();
            go(e.shiftKey ? -1 : 1);
          }}
        />
        <span className="json-hits" aria-live="polite" data-testid="search-hits">
          {deferredQuery.trim() === ""
            ? ""
            : hits === 0
              ? "no match"
              : `${current + 1} of ${hits}${search.capped ? "+" : ""}`}
        </span>
        <button
          type="button"
          className="quiet"
          disabled={hits === 0}
          onClick={() => go(-1)}
          aria-label="Previous match"
          title="Previous match (Shift+Enter)"
        >
          ↑
        </button>
        <button
          type="button"
          className="quiet"
          disabled={hits === 0}
          onClick={() => go(1)}
          aria-label="Next match"
          title="Next match (Enter)"
        >
          ↓
        </button>
        <span className="spacer" />
        <button type="button" className="quiet" onClick={() => setExpanded(allContainers(value))}>
          Expand all
        </button>
        <button type="button" className="quiet" onClick={() => setExpanded(new Set([""]))}>
          Collapse all
        </button>
        <button type="button" className="quiet" onClick={() => copy(copyText(valueAt(value, activeId)), "the value")}>
          Copy value
        </button>
        <button
          type="button"
          className="quiet"
          onClick={() => copy(displayPath(activeId, basePath) || "(root)", "the path")}
        >
          Copy path
        </button>
        <span className="json-copied" role="status">
          {note}
        </span>
      </div>
      <div
        ref={scrollRef}
        className="json-tree-scroll"
        role="tree"
        aria-label={label}
        tabIndex={0}
        aria-activedescendant={active ? `${uid}-r${activeIndex}` : undefined}
        onKeyDown={onKeyDown}
        style={{ maxHeight: height }}
      >
        <div role="none" className="json-tree-rows" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const match = matchSet.has(row.id) ? (search.matches[current] === row.id ? "current" : "other") : undefined;
            return (
              <JsonRowView
                key={row.id}
                row={row}
                domId={`${uid}-r${item.index}`}
                active={item.index === activeIndex}
                match={match}
                query={deferredQuery}
                top={item.start}
                onSelect={() => setActiveId(row.id)}
                onToggle={() => toggle(row.id)}
              />
            );
          })}
        </div>
      </div>
      <p className="json-path help" aria-live="off">
        {displayPath(activeId, basePath) || "(root)"}
      </p>
    </div>
  );
}
