/**
 * A PostgreSQL notification channel between runtime processes: one dedicated connection per runtime LISTENs, and
 * announces this process's commits with NOTIFY. It reconnects with a back-off when the connection drops.
 *
 * The NOTIFY is sent after the engine's commit, from this connection, not inside the engine's transaction:
 * PostgreSQL serialises the commits of every transaction that notifies (a database-wide lock held through the
 * commit), which would put all engine commits of all processes in one queue. Sent from here, announcements are
 * batched (one statement for whatever committed meanwhile) and the engine's commits stay parallel. A process that
 * dies between its commit and the NOTIFY loses the announcement, never the event: readers keep a safety poll.
 */
import pg from "pg";

export interface PgChannelOptions {
  /** Settings of the runtime's pool; the channel opens its own connection with them. */
  connection: pg.ClientConfig;
  channel: string;
  /** A payload another process announced. */
  onNotify(payload: string): void;
  /** After the connection is (re-)established: announcements may have been missed meanwhile. */
  onConnected(): void;
  /** After the connection is lost (or could not be opened): announcements are missed until onConnected. */
  onLost?(): void;
  log: { warn(fields: object, message: string): void };
  /** Delay before the first reconnection attempt, doubled per failure up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

/** Announcements kept while disconnected; beyond that they are dropped (readers' safety polls catch up). */
const MAX_PENDING = 10_000;

export interface PgChannel {
  /** Announces payloads to the other processes, batched; never throws. */
  notify(payloads: readonly string[]): void;
  /** Sends what is pending, then closes the connection. */
  close(): Promise<void>;
}

/** Opens the channel; resolves after the first connection attempt, whatever its outcome (it keeps retrying). */
export async function openPgChannel(options: PgChannelOptions): Promise<PgChannel> {
  const retryMs = options.retryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 10_000;
  const pending = new Set<string>();
  let client: pg.Client | undefined;
  let ownPid = 0;
  let failures = 0;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let flushing: Promise<void> | undefined;

  function reconnectLater(): void {
    if (closed || retryTimer) return;
    const delay = Math.min(maxRetryMs, retryMs * 2 ** Math.min(failures, 16));
    failures++;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delay);
  }

  async function connect(): Promise<void> {
    const next = new pg.Client({ ...options.connection, application_name: "mfo events", keepAlive: true });
    let gone = false;
    const lost = (error?: Error) => {
      if (gone) return;
      gone = true;
      if (client === next) client = undefined;
      if (closed) return;
      options.onLost?.();
      options.log.warn({ err: error?.message ?? "connection ended" }, "event notification connection lost");
      next.end().catch(() => {});
      reconnectLater();
    };
    // Without these listeners a dropped connection would crash the process.
    next.on("error", lost);
    next.on("end", () => lost());
    next.on("notification", (message) => {
      if (message.processId !== ownPid && message.payload) options.onNotify(message.payload);
    });
    try {
      await next.connect();
      const { rows } = await next.query<{ pid: number }>("select pg_backend_pid() as pid");
      await next.query(`listen ${pg.escapeIdentifier(options.channel)}`);
      ownPid = rows[0]?.pid ?? 0;
    } catch (error) {
      lost(error as Error);
      return;
    }
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    failures = 0;
    options.onConnected();
    scheduleFlush();
  }

  function scheduleFlush(): void {
    if (flushing || !client || pending.size === 0) return;
    // A turn of the event loop lets the commits finishing together share one statement.
    flushing = new Promise<void>((resolve) => setImmediate(resolve)).then(flush);
  }

  async function flush(): Promise<void> {
    const target = client;
    const batch = [...pending];
    pending.clear();
    try {
      if (target && batch.length > 0) {
        await target.query("select pg_notify($1, payload) from unnest($2::text[]) as payload", [
          options.channel,
          batch,
        ]);
      }
      flushing = undefined;
      scheduleFlush();
    } catch {
      // The connection failed under us: the batch waits for the reconnection, which flushes it.
      for (const payload of batch) pending.add(payload);
      flushing = undefined;
    }
  }

  await connect();

  return {
    notify(payloads) {
      if (closed) return;
      if (pending.size + payloads.length > MAX_PENDING) pending.clear();
      for (const payload of payloads) pending.add(payload);
      scheduleFlush();
    },
    async close() {
      if (closed) return;
      while (flushing) await flushing;
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const last = client;
      client = undefined;
      await last?.end().catch(() => {});
    },
  };
}
