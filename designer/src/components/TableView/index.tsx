/**
 * An array of objects as a table: a column per key (first seen first), rows virtualised (only those in view are in
 * the DOM, between two spacer rows), a click on a header sorts by it (ascending, descending, off), and a nested
 * value shows a summary that opens it as a JSON tree below the table.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useMemo, useRef, useState } from "react";
import { JsonTree } from "../JsonTree/index.js";
import { cellText, columnsOf, isNested, nextSort, type Row, type SortBy, sortedIndexes } from "./table-model.js";
import "./table-view.css";

export type { Row } from "./table-model.js";

export interface TableViewProps {
  rows: Row[];
  /** Names the table (its caption), e.g. "assets". */
  label: string;
  /** Prefix of paths copied from an opened cell, e.g. "phases.discovery.output.assets". */
  basePath?: string;
  /** Height of the scrolled body in CSS (default 320px). */
  height?: string;
}

const ROW_HEIGHT = 28;

export function TableView({ rows, label, basePath = "", height = "320px" }: TableViewProps) {
  const columns = useMemo(() => columnsOf(rows), [rows]);
  const [sort, setSort] = useState<SortBy | undefined>();
  const order = useMemo(() => sortedIndexes(rows, sort), [rows, sort]);
  const [opened, setOpened] = useState<{ row: number; column: string } | undefined>();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const openedValue = opened ? rows[opened.row]?.[opened.column] : undefined;

  return (
    <div className="table-view">
      <div ref={scrollRef} className="table-view-scroll" style={{ maxHeight: height }}>
        <table aria-rowcount={rows.length + 1}>
          <caption className="sr-only">
            {label}: {rows.length} rows
          </caption>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col" className="row-number">
                #
              </th>
              {columns.map((column) => (
                <th
                  key={column}
                  scope="col"
                  aria-sort={sort?.column === column ? sort.direction : undefined}
                  className={sort?.column === column ? "sorted" : undefined}
                >
                  <button type="button" onClick={() => setSort(nextSort(sort, column))} title={`Sort by ${column}`}>
                    {column}
                    <span aria-hidden="true" className="sort-mark">
                      {sort?.column === column ? (sort.direction === "ascending" ? " ▲" : " ▼") : ""}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {before > 0 ? (
              <tr className="spacer">
                <td colSpan={columns.length + 1} style={{ height: before }} />
              </tr>
            ) : null}
            {items.map((item) => {
              const index = order[item.index] ?? 0;
              const row = rows[index] ?? {};
              return (
                <tr key={index} aria-rowindex={item.index + 2} style={{ height: ROW_HEIGHT }}>
                  <td className="row-number">{index + 1}</td>
                  {columns.map((column) => {
                    const value = row[column];
                    const text = cellText(value);
                    const here = opened?.row === index && opened.column === column;
                    return (
                      <td key={column} className={typeof value === "number" ? "number" : undefined} title={text}>
                        {isNested(value) ? (
                          <button
                            type="button"
                            className="cell-open"
                            aria-expanded={here}
                            onClick={() => setOpened(here ? undefined : { row: index, column })}
                          >
                            {text}
                            <span className="sr-only">
                              {" "}
                              (open {column} of row {index + 1})
                            </span>
                          </button>
                        ) : value === "[redacted]" ? (
                          <span className="json-redacted">redacted</span>
                        ) : (
                          text
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
            {after > 0 ? (
              <tr className="spacer">
                <td colSpan={columns.length + 1} style={{ height: after }} />
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {opened && openedValue !== undefined ? (
        <section className="table-cell-detail" aria-label={`${opened.column} of row ${opened.row + 1}`}>
          <div className="table-cell-head">
            <strong>
              {opened.column} of row {opened.row + 1}
            </strong>
            <button type="button" className="quiet" onClick={() => setOpened(undefined)}>
              Close
            </button>
          </div>
          <JsonTree
            value={openedValue}
            label={`${opened.column} of row ${opened.row + 1}`}
            basePath={`${basePath}[${opened.row}].${opened.column}`}
            height="180px"
          />
        </section>
      ) : null}
    </div>
  );
}
