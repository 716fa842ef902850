/**
 * Adds a secret or replaces its value: a name (fixed when replacing) and the value in a password field, which is
 * sent once and cleared. The runtime's refusal (403 for a key that is not admin, 422 for a name
 * it does not accept) is shown here.
 */
import { type FormEvent, useId, useState } from "react";

export interface SecretFormProps {
  /** The secret whose value is replaced; absent: a new secret. */
  name?: string;
  onSave(name: string, value: string): Promise<void>;
  onCancel(): void;
}

export function SecretForm({ name: fixed, onSave, onCancel }: SecretFormProps) {
  const id = useId();
  const [name, setName] = useState(fixed ?? "");
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSave(name, value);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
      setValue("");
    }
  };
  return (
    <form className="secret-form" aria-label={fixed ? `Replace value of ${fixed}` : "New secret"} onSubmit={submit}>
      {fixed ? null : (
        <label htmlFor={`${id}-name`}>
          Name
          <input
            id={`${id}-name`}
            value={name}
            required
            autoComplete="off"
            placeholder="crm-token"
            onChange={(e) => setName(e.target.value.trim())}
          />
        </label>
      )}
      <label htmlFor={`${id}-value`}>
        {fixed ? "New value" : "Value"}
        <input
          id={`${id}-value`}
          type="password"
          value={value}
          required
          autoComplete="new-password"
          onChange={(e) => setValue(e.target.value)}
        />
      </label>
      <button type="submit" className="primary" disabled={busy || value === ""}>
        Save
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
