/**
 * The single-input controls: text, long text, URL, select, number and checkbox. Value conversions live in
 * input-value.ts; this file only wires them to elements.
 */
import type { ControlProps } from "./field-env.js";
import {
  checkboxChecked,
  checkboxValue,
  numberText,
  numberValue,
  selectIndex,
  selectPlaceholder,
  selectValue,
  textOf,
  textValue,
} from "./input-value.js";

/** One input for a text, textarea, url, select, number, integer or boolean field. */
export function ScalarInput({ model, id, value, onChange, describedBy, invalid, disabled }: ControlProps) {
  const common = {
    id,
    disabled,
    "aria-invalid": invalid,
    "aria-describedby": describedBy,
  };
  switch (model.kind) {
    case "select": {
      const selected = selectIndex(model, value);
      return (
        <select
          {...common}
          required={model.required}
          value={selected}
          onChange={(e) => onChange(selectValue(model, e.target.value))}
        >
          {selected === "" || !model.required ? <option value="">{selectPlaceholder(model)}</option> : null}
          {(model.options ?? []).map((option, index) => (
            <option key={JSON.stringify(option.value)} value={String(index)}>
              {option.label}
            </option>
          ))}
        </select>
      );
    }
    case "number":
    case "integer":
      return (
        <input
          {...common}
          type="number"
          required={model.required}
          min={model.minimum}
          max={model.maximum}
          step={model.kind === "integer" ? 1 : "any"}
          placeholder={model.placeholder}
          value={numberText(value)}
          onChange={(e) => onChange(numberValue(e.target.value))}
        />
      );
    case "boolean":
      return (
        <input
          {...common}
          type="checkbox"
          checked={checkboxChecked(model, value)}
          onChange={(e) => onChange(checkboxValue(model, e.target.checked))}
        />
      );
    case "textarea":
      return (
        <textarea
          {...common}
          required={model.required}
          rows={4}
          placeholder={model.placeholder}
          value={textOf(value)}
          onChange={(e) => onChange(textValue(model, e.target.value))}
        />
      );
    default:
      return (
        <input
          {...common}
          type={model.kind === "url" ? "url" : "text"}
          required={model.required}
          placeholder={model.placeholder}
          value={textOf(value)}
          onChange={(e) => onChange(textValue(model, e.target.value))}
        />
      );
  }
}
