/**
 * The next due times of the cron expression being typed, asked of the runtime (POST /schedules/preview) once the
 * typing pauses, so the preview follows the runtime's own parser rather than a copy of it. A newer expression
 * wins over an answer still on its way; the runtime's 422 says what is wrong with the expression.
 */
import type { FlowService as ApiClient } from "@mfo/client";
import { FlowServiceError } from "@mfo/client";
import { useEffect, useState } from "react";
import { errorsByField } from "./trigger-text.js";

export interface SchedulePreviewState {
  nextDue: string[];
  /** Why there is no preview (the runtime's words), by field: "cron", "timezone" or "" for the rest. */
  errors: Record<string, string>;
  loading: boolean;
}

/** How long typing must pause before the preview is asked for. */
export const PREVIEW_DEBOUNCE_MS = 300;

export function useSchedulePreview(api: ApiClient, cron: string, timezone: string): SchedulePreviewState {
  const [state, setState] = useState<SchedulePreviewState>({ nextDue: [], errors: {}, loading: false });
  useEffect(() => {
    if (cron.trim() === "") {
      setState({ nextDue: [], errors: {}, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      api.previewSchedule({ cron, timezone, count: 5 }, { signal: controller.signal }).then(
        (preview) => setState({ nextDue: preview.nextDue, errors: {}, loading: false }),
        (e: Error) => {
          if (controller.signal.aborted) return;
          // Errors the runtime tied to a field land on it; any other reason is about the expression.
          const fields = errorsByField(e instanceof FlowServiceError ? e.errors.filter((x) => x.path !== "") : []);
          const errors = Object.keys(fields).length > 0 ? fields : { cron: e.message };
          setState({ nextDue: [], errors, loading: false });
        },
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, cron, timezone]);
  return state;
}
