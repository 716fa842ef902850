/**
 * Test support: reads a Server-Sent Events response message by message, so a test can act between messages
 * (approve a waiting flow, then read on). Comments (heartbeats) are skipped. The runtime writes LF line ends only,
 * which is all this reader handles; the designer has the full parser.
 */
export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

function parseBlock(block: string): SseMessage | undefined {
  const message: SseMessage = { event: "message", data: "" };
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "data") data.push(value);
    else if (field === "event") message.event = value;
    else if (field === "id") message.id = value;
  }
  if (data.length === 0) return undefined;
  message.data = data.join("\n");
  return message;
}

export interface SseReader {
  /** The next message; undefined once the server has closed the stream. */
  next(): Promise<SseMessage | undefined>;
  /** Messages up to and including the first that `stop` accepts; throws if the stream closes first. */
  until(stop: (message: SseMessage) => boolean): Promise<SseMessage[]>;
  /** Every message until the server closes the stream. */
  rest(): Promise<SseMessage[]>;
  /** Hangs up, as a client going away does. */
  cancel(): Promise<void>;
}

export function readSse(response: Response): SseReader {
  if (!response.body) throw new Error(`the response (${response.status}) has no body`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const queue: SseMessage[] = [];
  let buffer = "";

  async function next(): Promise<SseMessage | undefined> {
    for (;;) {
      const queued = queue.shift();
      if (queued) return queued;
      const { done, value } = await reader.read();
      if (done) return undefined;
      buffer += value;
      const blocks = buffer.split("\n\n");
      buffer = blocks.pop() ?? "";
      for (const block of blocks) {
        const message = parseBlock(block);
        if (message) queue.push(message);
      }
    }
  }

  return {
    next,
    async until(stop) {
      const seen: SseMessage[] = [];
      for (;;) {
        const message = await next();
        if (!message) throw new Error(`the stream closed after ${seen.length} messages, before the expected one`);
        seen.push(message);
        if (stop(message)) return seen;
      }
    },
    async rest() {
      const seen: SseMessage[] = [];
      for (let message = await next(); message; message = await next()) seen.push(message);
      return seen;
    },
    cancel: () => reader.cancel(),
  };
}
