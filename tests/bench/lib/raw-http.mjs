// A minimal HTTP/1.1 keep-alive client on one socket, for the load driver (lib/http-driver.mjs). node:http's
// client costs the load generator several times the CPU per request of autocannon's raw sockets (measured: 1,314
// against 2,280 req/s of Node-RED at 8 clients, the same run), and on 2 shared cores the generator's CPU is taken
// from the server it measures: a costly client would understate the fastest system (Node-RED) most. This one
// writes the request in one buffer and reads exactly one response (Content-Length or chunked), as autocannon does.
import net from "node:net";

const CRLF = Buffer.from("\r\n");
const HEADERS_END = Buffer.from("\r\n\r\n");

/** One keep-alive connection to `origin` (http://host:port); one request at a time, reconnecting when closed. */
export class RawConnection {
  constructor(origin) {
    const url = new URL(origin);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.socket = null;
    this.pending = null;
    this.buffer = Buffer.alloc(0);
  }

  /** Sends one request; resolves to { status, headers, text } (header names lower case). */
  async request(method, path, { headers = {}, body } = {}) {
    if (this.pending) throw new Error("RawConnection: one request at a time");
    if (!this.socket) await this.connect();
    const payload = body === undefined ? null : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\nconnection: keep-alive\r\n`;
    if (payload) head += `content-type: application/json\r\ncontent-length: ${payload.length}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    head += "\r\n";
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(payload ? Buffer.concat([Buffer.from(head), payload]) : head);
    });
  }

  close() {
    this.socket?.destroy();
    this.socket = null;
  }

  connect() {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.host, port: this.port }, () => {
        socket.off("error", reject);
        resolve();
      });
      socket.setNoDelay(true);
      socket.once("error", reject);
      socket.on("data", (chunk) => this.received(chunk));
      socket.on("error", () => {});
      socket.on("close", () => {
        if (this.socket === socket) this.socket = null;
        this.buffer = Buffer.alloc(0);
        this.settle(new Error(`connection to ${this.host}:${this.port} closed before the answer`));
      });
      this.socket = socket;
    });
  }

  settle(error, response) {
    const pending = this.pending;
    this.pending = null;
    if (!pending) return;
    if (error) pending.reject(error);
    else pending.resolve(response);
  }

  received(chunk) {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let parsed;
    try {
      parsed = parseResponse(this.buffer);
    } catch (error) {
      this.close();
      this.settle(error);
      return;
    }
    if (!parsed) return;
    this.buffer = this.buffer.subarray(parsed.length);
    if (parsed.response.headers.connection === "close") this.close();
    this.settle(null, parsed.response);
  }
}

/** One complete response at the start of `buffer`: { response, length }, or undefined while incomplete. */
function parseResponse(buffer) {
  const headEnd = buffer.indexOf(HEADERS_END);
  if (headEnd < 0) return undefined;
  const lines = buffer.subarray(0, headEnd).toString("latin1").split("\r\n");
  const status = Number(lines[0].split(" ")[1]);
  const headers = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const bodyStart = headEnd + HEADERS_END.length;
  if (headers["content-length"] !== undefined) {
    const end = bodyStart + Number(headers["content-length"]);
    if (buffer.length < end) return undefined;
    return { response: { status, headers, text: buffer.subarray(bodyStart, end).toString("utf8") }, length: end };
  }
  if (/chunked/i.test(headers["transfer-encoding"] ?? "")) {
    const parts = [];
    let at = bodyStart;
    for (;;) {
      const lineEnd = buffer.indexOf(CRLF, at);
      if (lineEnd < 0) return undefined;
      const size = Number.parseInt(buffer.subarray(at, lineEnd).toString("latin1"), 16);
      if (size === 0) {
        const end = buffer.indexOf(HEADERS_END, lineEnd);
        if (end < 0) return undefined;
        return { response: { status, headers, text: Buffer.concat(parts).toString("utf8") }, length: end + 4 };
      }
      if (buffer.length < lineEnd + 2 + size + 2) return undefined;
      parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  if (status === 204 || status === 304) return { response: { status, headers, text: "" }, length: bodyStart };
  throw new Error(`response without Content-Length or chunked encoding (status ${status}): not supported`);
}
