/**
 * An object with properties: one field per property, in schema order. Emptying a property removes its key;
 * an optional object left with no keys is removed too.
 */
import { absentIfEmpty } from "./collection-edits.js";
import { GroupShell, RootShell } from "./FieldFrame.js";
import type { ContainerProps } from "./field-env.js";
import { isRecord, ownValue } from "./field-value.js";
import { childPointer, updateAt } from "./value-pointer.js";

/** The nested form of an object field; the root object renders without a fieldset. */
export function ObjectField({ model, value, onChange, frame, renderChild }: ContainerProps) {
  const record = isRecord(value) ? value : {};
  const children = (model.properties ?? []).map((child) =>
    renderChild(child, ownValue(record, child.name), (next) =>
      onChange(absentIfEmpty(updateAt(record, childPointer("", child.name), next), model.required)),
    ),
  );
  if (model.pointer === "") return <RootShell frame={frame}>{children}</RootShell>;
  return (
    <GroupShell model={model} frame={frame}>
      {children}
    </GroupShell>
  );
}
