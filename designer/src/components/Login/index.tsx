/** Asks for an API key when the designer was not opened from the URL `npm start` prints. */
import { type FormEvent, useState } from "react";

export interface LoginProps {
  onKey(key: string): void;
  error?: string | undefined;
}

export function Login({ onKey, error }: LoginProps) {
  const [key, setKey] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim()) onKey(key.trim());
  };
  return (
    <main className="login">
      <h1>MFO designer</h1>
      <form onSubmit={submit}>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-describedby="api-key-help"
        />
        <p id="api-key-help" className="help">
          <code>npm start</code> prints a link that signs you in, and the admin key (also in <code>data/admin.key</code>
          ).
        </p>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
