import { type Kysely, sql } from 'kysely';
import pg from 'pg';

/** Postgres NOTIFY channels shared between services. Payloads are JSON. */
export const Channels = {
  /** A server's live version, secrets or existence changed: `{ serverId, slug }`. */
  serverChanged: 'bmm_server_changed',
  /** An access token was revoked: `{ jti, exp }` (exp in epoch seconds). */
  tokenRevoked: 'bmm_token_revoked',
  /** New build-log lines or a status change: `{ buildId, seq?, status? }`. */
  buildEvent: 'bmm_build_event',
} as const;
export type Channel = (typeof Channels)[keyof typeof Channels];

export async function notify(db: Kysely<any>, channel: Channel, payload: unknown): Promise<void> {
  await sql`select pg_notify(${channel}, ${JSON.stringify(payload)})`.execute(db);
}

export interface ListenerOptions {
  onError?: (err: Error) => void;
  /** Called after a lost connection is re-established; events may have been missed meanwhile. */
  onReconnect?: () => void;
}

/**
 * One dedicated connection that LISTENs on channels and reconnects with backoff when it drops.
 * Handlers receive the parsed JSON payload.
 */
export class PgListener {
  private client: pg.Client | null = null;
  private readonly handlers = new Map<string, Set<(payload: any) => void>>();
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly options: ListenerOptions = {},
  ) {}

  on(channel: Channel, handler: (payload: any) => void): this {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
    }
    set.add(handler);
    return this;
  }

  /** Connects and LISTENs on every channel that has a handler. Resolves once listening. */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'bmm-listener' });
    client.on('notification', (msg) => {
      const handlers = this.handlers.get(msg.channel);
      if (!handlers) return;
      let payload: unknown = null;
      try {
        payload = msg.payload ? JSON.parse(msg.payload) : null;
      } catch {
        return;
      }
      for (const handler of handlers) handler(payload);
    });
    client.on('error', (err) => {
      this.options.onError?.(err);
      this.scheduleReconnect(client);
    });
    client.on('end', () => this.scheduleReconnect(client));
    await client.connect();
    for (const channel of this.handlers.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    this.client = client;
  }

  private scheduleReconnect(dead: pg.Client, delayMs = 250): void {
    if (this.closed || this.client !== dead || this.retryTimer) return;
    this.client = null;
    this.retryTimer = setTimeout(async () => {
      this.retryTimer = null;
      try {
        await this.connect();
        this.options.onReconnect?.();
      } catch (err) {
        this.options.onError?.(err as Error);
        this.client = dead;
        this.scheduleReconnect(dead, Math.min(delayMs * 2, 5000));
      }
    }, delayMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}
