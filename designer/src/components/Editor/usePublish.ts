/**
 * Publishing from the editor: the latest published version, the notice saying how the last publish went, and the
 * problems only the server found (shown on their nodes, and blocking another publish until the next edit).
 */

import { type FlowService as ApiClient, FlowServiceError as ApiError } from "@mfo/client";
import type { FlowDefinition, ValidationError } from "@mfo/schemas";
import { useCallback, useState } from "react";

export interface PublishState {
  /** The flow type's latest published version, null before the first. */
  latest: number | null;
  /** How the last publish went, until dismissed. */
  notice: string | undefined;
  dismissNotice(): void;
  /** What the server refused the last publish for; cleared by `clearServerErrors` (the editor does on each edit). */
  serverErrors: readonly ValidationError[];
  clearServerErrors(): void;
  /** Publishes the document; resolves to the version published, undefined when refused (the notice says why). */
  publish(): Promise<number | undefined>;
}

/** Publishes `doc` on demand and keeps what the result says; `latestVersion` is the version the flow opened at. */
export function usePublish(api: ApiClient, doc: FlowDefinition, latestVersion: number | null): PublishState {
  const [latest, setLatest] = useState(latestVersion);
  const [notice, setNotice] = useState<string | undefined>();
  const [serverErrors, setServerErrors] = useState<readonly ValidationError[]>([]);

  const publish = async () => {
    try {
      const published = await api.publish(doc);
      setLatest(published.version);
      setNotice(`Published ${published.id} v${published.version}`);
      return published.version;
    } catch (e) {
      if (e instanceof ApiError && e.errors.length > 0) setServerErrors(e.errors);
      setNotice((e as Error).message);
      return undefined;
    }
  };
  const dismissNotice = useCallback(() => setNotice(undefined), []);
  const clearServerErrors = useCallback(() => setServerErrors([]), []);

  return { latest, notice, dismissNotice, serverErrors, clearServerErrors, publish };
}
