/**
 * A list: one field per item (a nested form for objects), with buttons to move an item up or down, remove it,
 * or add one. Rows are keyed by position: moving an item moves its value, and the fields show values.
 */
import { absentIfEmpty, insertItem, moveItem, removeItem } from "./collection-edits.js";
import { GroupShell } from "./FieldFrame.js";
import type { ContainerProps } from "./field-env.js";
import { itemFieldModel } from "./field-model.js";
import { emptyValue } from "./field-value.js";

/** The add/remove/reorder editor of a list field; an optional list left empty is removed. */
export function ListField({ model, value, onChange, env, frame, renderChild }: ContainerProps) {
  const list: readonly unknown[] = Array.isArray(value) ? value : [];
  const store = (next: readonly unknown[]) => onChange(absentIfEmpty(next, model.required));
  const disabled = env.disabled;
  return (
    <GroupShell model={model} frame={frame}>
      {list.length === 0 && model.placeholder !== undefined ? (
        <p className="mfo-field__help">Default: {model.placeholder}</p>
      ) : null}
      <ol className="mfo-list">
        {list.map((item, index) => {
          const itemModel = itemFieldModel(model, index);
          // An emptied item becomes null rather than vanishing: removing is the ✕ button's job.
          const change = (next: unknown) => store(list.map((v, i) => (i === index ? (next ?? null) : v)));
          return (
            <li key={itemModel.pointer} className="mfo-list__item">
              {renderChild(itemModel, item, change)}
              <button
                type="button"
                aria-label={`Move ${itemModel.label} up`}
                disabled={disabled || index === 0}
                onClick={() => store(moveItem(list, index, index - 1))}
              >
                ↑
              </button>
              <button
                type="button"
                aria-label={`Move ${itemModel.label} down`}
                disabled={disabled || index === list.length - 1}
                onClick={() => store(moveItem(list, index, index + 1))}
              >
                ↓
              </button>
              <button
                type="button"
                aria-label={`Remove ${itemModel.label}`}
                disabled={disabled}
                onClick={() => store(removeItem(list, index))}
              >
                ✕
              </button>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="mfo-list__add"
        disabled={disabled}
        onClick={() => store(insertItem(list, emptyValue(itemFieldModel(model, list.length))))}
      >
        Add {model.label.toLowerCase()} item
      </button>
    </GroupShell>
  );
}
