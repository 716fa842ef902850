/**
 * A value viewer: picks the table or the tree by the value's shape (data-shape.ts) and lets the reader switch to
 * the tree at any time. An empty value says so instead of drawing an empty frame.
 */
import { useId, useMemo, useState } from "react";
import { JsonTree } from "../JsonTree/index.js";
import { expressionPath } from "../JsonTree/json-rows.js";
import { TableView } from "../TableView/index.js";
import { dataShape } from "./data-shape.js";

export interface ValueViewProps {
  value: unknown;
  /** What the value is (e.g. "Output"): names the tree, the tables and the toggle. */
  label: string;
  /** Prefix of copied paths, e.g. "phases.discovery.output". */
  basePath?: string;
  height?: string;
  /** Tree levels open at first (default 1). */
  openDepth?: number;
  /** Shown when the value is absent. */
  empty?: string;
}

/** A member's path: the base and the key, quoted as expressions quote it. */
const join = (base: string, key: string) => (base ? `${base}.${expressionPath(key)}` : expressionPath(key));

export function ValueView(props: ValueViewProps) {
  const { value, label, basePath = "", height, openDepth = 1, empty = "Nothing recorded." } = props;
  const shape = useMemo(() => dataShape(value), [value]);
  const [asTree, setAsTree] = useState(false);
  const group = useId();
  if (value === undefined) return <p className="empty">{empty}</p>;
  const tree = (
    <JsonTree value={value} label={label} basePath={basePath} openDepth={openDepth} {...(height ? { height } : {})} />
  );
  if (shape.kind === "tree") return tree;
  return (
    <div className="value-view">
      <fieldset className="value-view-toggle">
        <legend className="sr-only">Show {label} as</legend>
        <label>
          <input type="radio" name={group} checked={!asTree} onChange={() => setAsTree(false)} />
          Table
        </label>
        <label>
          <input type="radio" name={group} checked={asTree} onChange={() => setAsTree(true)} />
          Tree
        </label>
      </fieldset>
      {asTree ? (
        tree
      ) : shape.kind === "table" ? (
        <TableView rows={shape.rows} label={label} basePath={basePath} {...(height ? { height } : {})} />
      ) : (
        <>
          {shape.tables.map(({ key, rows }) => (
            <section key={key} className="value-view-section" aria-label={`${label}: ${key}`}>
              <h4>
                {key} <span className="count">{rows.length}</span>
              </h4>
              <TableView rows={rows} label={key} basePath={join(basePath, key)} {...(height ? { height } : {})} />
            </section>
          ))}
          {shape.rest ? (
            <section className="value-view-section" aria-label={`${label}: other fields`}>
              <h4>Other fields</h4>
              <JsonTree
                value={shape.rest}
                label={`${label}: other fields`}
                basePath={basePath}
                height="160px"
                openDepth={2}
              />
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}
