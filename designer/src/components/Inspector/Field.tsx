/** One labelled input of the inspector, with its help text and its error (announced, tied by aria). */
import type { ReactNode } from "react";

export interface FieldProps {
  id: string;
  label: string;
  help?: string | undefined;
  error?: string | undefined;
  children: (aria: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean }) => ReactNode;
}

export function Field({ id, label, help, error, children }: FieldProps) {
  const described = [help ? `${id}-help` : undefined, error ? `${id}-error` : undefined].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(described ? { "aria-describedby": described } : {}),
        ...(error ? { "aria-invalid": true } : {}),
      })}
      {help ? (
        <p id={`${id}-help`} className="help">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
