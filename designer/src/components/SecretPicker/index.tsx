/**
 * "Use secret" beside a text field of a params form: a list of the tenant's secret names; choosing one makes the
 * field read it as `=$secret("name")` (keeping what the field already says, see secret-reference.ts). The names
 * come from a context the editor provides (SecretNamesProvider), so the schema form needs no API client; without
 * a provider (or when the key may not list secrets) there is no picker.
 */
import { createContext, type ReactNode, useContext } from "react";

export { appendSecret, secretCall, secretsRead, withSecret } from "./secret-reference.js";

const SecretNames = createContext<readonly string[] | undefined>(undefined);

export function SecretNamesProvider({
  names,
  children,
}: {
  names: readonly string[] | undefined;
  children: ReactNode;
}) {
  return <SecretNames.Provider value={names}>{children}</SecretNames.Provider>;
}

/** The tenant's secret names, or undefined when the picker is not offered. */
export const useSecretNames = (): readonly string[] | undefined => useContext(SecretNames);

export interface SecretPickerProps {
  /** The field's label, for the picker's accessible name. */
  label: string;
  names: readonly string[];
  disabled?: boolean;
  onPick(name: string): void;
}

export function SecretPicker({ label, names, disabled, onPick }: SecretPickerProps) {
  return (
    <select
      className="secret-picker"
      aria-label={`Use secret for ${label}`}
      title="Read a secret here (resolved only when the handler runs; never stored in the flow)"
      value=""
      disabled={disabled || names.length === 0}
      onChange={(e) => {
        if (e.target.value) onPick(e.target.value);
      }}
    >
      <option value="">{names.length === 0 ? "no secrets" : "Use secret…"}</option>
      {names.map((n) => (
        <option key={n} value={n}>
          {n}
        </option>
      ))}
    </select>
  );
}
