/**
 * An incremental parser of Server-Sent Events, as the HTML standard interprets an event stream: feed it text as it
 * arrives, cut anywhere, and it hands over each complete message. The designer reads streams through fetch because
 * EventSource cannot send the Authorization header; this is the part of EventSource it still needs.
 */

export interface SseMessage {
  /** The `event:` field; "message" when the message had none. */
  event: string;
  /** The `data:` lines joined with line feeds. */
  data: string;
  /** The last `id:` seen on the stream so far (what EventSource would send as Last-Event-ID). */
  lastEventId: string;
}

export interface SseParser {
  /** Feeds the next piece of the stream's text. */
  push(text: string): void;
}

export function createSseParser(onMessage: (message: SseMessage) => void): SseParser {
  let buffer = "";
  let started = false;
  /** The previous piece ended in CR: a LF starting this one belongs to the same line end. */
  let afterCr = false;
  let data: string[] = [];
  let event = "";
  let lastEventId = "";

  function dispatch(): void {
    if (data.length > 0) onMessage({ event: event || "message", data: data.join("\n"), lastEventId });
    data = [];
    event = "";
  }

  function line(text: string): void {
    if (text === "") {
      dispatch();
      return;
    }
    if (text.startsWith(":")) return;
    const colon = text.indexOf(":");
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data.push(value);
    else if (field === "event") event = value;
    else if (field === "id" && !value.includes("\0")) lastEventId = value;
    // `retry:` sets EventSource's reconnection delay; the designer's stream keeps its own back-off.
  }

  return {
    push(text) {
      let chunk = text;
      if (!started && chunk.length > 0) {
        started = true;
        if (chunk.startsWith("\uFEFF")) chunk = chunk.slice(1);
      }
      if (afterCr && chunk.length > 0) {
        if (chunk.startsWith("\n")) chunk = chunk.slice(1);
        afterCr = false;
      }
      buffer += chunk;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const ch = buffer[i];
        if (ch !== "\n" && ch !== "\r") continue;
        line(buffer.slice(start, i));
        if (ch === "\r") {
          if (i + 1 === buffer.length) afterCr = true;
          else if (buffer[i + 1] === "\n") i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
  };
}
