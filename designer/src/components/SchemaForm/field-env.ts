/**
 * What every field of one form shares, and the shapes the container fields (object, list, map) use to render
 * their children without importing the dispatcher (which imports them).
 */
import type { ReactNode } from "react";
import type { ErrorIndex } from "./field-errors.js";
import type { FieldModel } from "./field-model.js";

export interface FieldEnv {
  idPrefix: string;
  disabled: boolean;
  errors: ErrorIndex;
  /** Whether values may be "=" expressions (params: yes; an instance's input: no, it is plain data). */
  expressions: boolean;
}

/** Renders the field of a child model; `onChange(undefined)` asks to remove the child's value. */
export type RenderChild = (model: FieldModel, value: unknown, onChange: (value: unknown) => void) => ReactNode;

/** What a field's frame shows around its control: its id, its error messages and its ƒx toggle. */
export interface FieldFrame {
  id: string;
  messages: readonly string[];
  toggle: ReactNode;
}

/** Props of a container field (object, list, map). */
export interface ContainerProps {
  model: FieldModel;
  value: unknown;
  onChange(value: unknown): void;
  env: FieldEnv;
  frame: FieldFrame;
  renderChild: RenderChild;
}

/** Props of a single-input control. */
export interface ControlProps {
  model: FieldModel;
  id: string;
  value: unknown;
  onChange(value: unknown): void;
  describedBy: string | undefined;
  invalid: boolean;
  disabled: boolean;
}
