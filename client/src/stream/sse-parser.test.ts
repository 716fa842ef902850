import { describe, expect, it } from "vitest";
import { createSseParser, type SseMessage } from "./sse-parser.js";

/** Parses `pieces` fed one after another. */
function parse(...pieces: string[]): SseMessage[] {
  const messages: SseMessage[] = [];
  const parser = createSseParser((m) => messages.push(m));
  for (const piece of pieces) parser.push(piece);
  return messages;
}

describe("createSseParser", () => {
  it("reads messages with their event, data and id, skipping comments", () => {
    const text = ': connected\n\nid: 1\nevent: flow-event\ndata: {"seq":1}\n\n: keep-alive\n\nevent: end\ndata: {}\n\n';
    expect(parse(text)).toEqual([
      { event: "flow-event", data: '{"seq":1}', lastEventId: "1" },
      { event: "end", data: "{}", lastEventId: "1" },
    ]);
  });

  it("gives the same messages however the text is cut, with LF, CRLF or CR line ends", () => {
    const lf = "id: 7\nevent: flow-event\ndata: a\ndata: b\n\ndata:c\n\n";
    const expected = parse(lf);
    expect(expected).toEqual([
      { event: "flow-event", data: "a\nb", lastEventId: "7" },
      { event: "message", data: "c", lastEventId: "7" },
    ]);
    for (const text of [lf, lf.replaceAll("\n", "\r\n"), lf.replaceAll("\n", "\r")]) {
      for (let cut = 0; cut <= text.length; cut++) {
        expect(parse(text.slice(0, cut), text.slice(cut)), JSON.stringify([text, cut])).toEqual(expected);
      }
      expect(parse(...text.split(""))).toEqual(expected);
    }
  });

  it("waits for the blank line: a message cut off by the end of the stream is not handed over", () => {
    expect(parse("data: half\n")).toEqual([]);
    expect(parse("data: whole\n\ndata: half")).toHaveLength(1);
  });

  it("follows the standard's field rules: one leading space dropped, a bare field name, an empty data line, a BOM", () => {
    expect(parse("\uFEFFdata:  two spaces\n\n")).toEqual([{ event: "message", data: " two spaces", lastEventId: "" }]);
    expect(parse("data\n\n")).toEqual([{ event: "message", data: "", lastEventId: "" }]);
    expect(parse("event: only\n\n")).toEqual([]);
    // An id with NUL is ignored; an event type does not carry over to the next message.
    expect(parse("id: 3\n\nid: x\0\nevent: a\ndata: 1\n\ndata: 2\n\n")).toEqual([
      { event: "a", data: "1", lastEventId: "3" },
      { event: "message", data: "2", lastEventId: "3" },
    ]);
  });
});
