import type { Keyring } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import type { Logger } from '@bmm/logger';
import { canonicalResourceUrl, protectedResourceMetadataUrl } from '@bmm/oauth';
import { createMcpHandler, type McpHttpHandler, SERVER_INFO_META_KEY } from '@modelcontextprotocol/server';
import { compileVersion, type HostedVersion, type VersionSource } from './hosted-version.js';
import { createServerFactory, type FactoryDeps } from './mcp-server.js';
import { loadCurrentVersion } from './version-repository.js';

/** A version being served: its compiled definition and its MCP handler (one per version, not per request). */
export interface HostedEntry {
  version: HostedVersion;
  handler: McpHttpHandler;
  /** The SDK serving results the fast path already computed (built on first use). */
  replay(): McpHttpHandler;
  /**
   * Results the SDK produced once and the fast path repeats (`tools/list`, `server/discover`,
   * `initialize`), serialized, keyed by era, method and requested version.
   */
  answers: Map<string, string>;
  /** What a 2026-07-28 tools/call result carries after its own fields (`resultType`, serverInfo `_meta`). */
  modernResultTail: string;
}

const MAX_ENTRIES = 5_000;
/** Safety net for a missed NOTIFY: an entry is re-read after this long even without one. */
const MAX_AGE_MS = 5 * 60_000;

interface CacheSlot {
  entry: Promise<HostedEntry | null>;
  serverId?: string;
  loadedAt: number;
}

export interface RegistryOptions {
  db: Db;
  keyring: Keyring;
  logger: Logger;
  runnerUrl: string;
  factory: FactoryDeps;
}

/**
 * Live versions by slug, loaded on first use and dropped on `serverChanged`. Calls already running hold
 * their own HostedEntry, so a deploy, rollback, delete or secret change never interrupts them; the next
 * request loads the new state.
 */
export class ServerRegistry {
  private readonly slots = new Map<string, CacheSlot>();

  constructor(private readonly options: RegistryOptions) {}

  build(source: VersionSource): HostedEntry {
    const { runnerUrl, logger, factory } = this.options;
    const version = compileVersion(source, {
      resourceUrl: canonicalResourceUrl(runnerUrl, source.slug),
      metadataUrl: protectedResourceMetadataUrl(runnerUrl, source.slug),
    });
    const onerror = (err: Error) =>
      logger.debug({ err: err.message, slug: source.slug }, 'mcp request rejected');
    const handler = createMcpHandler(createServerFactory(version, factory), { legacy: 'stateless', onerror });
    let replay: McpHttpHandler | undefined;
    return {
      version,
      handler,
      replay: () =>
        (replay ??= createMcpHandler(createServerFactory(version, factory, 'replay'), {
          legacy: 'stateless',
          onerror,
        })),
      answers: new Map(),
      modernResultTail: `,"resultType":"complete","_meta":${JSON.stringify({ [SERVER_INFO_META_KEY]: version.serverInfo })}}`,
    };
  }

  get(slug: string): Promise<HostedEntry | null> {
    const slot = this.slots.get(slug);
    if (slot && Date.now() - slot.loadedAt < MAX_AGE_MS) return slot.entry;
    const fresh: CacheSlot = { entry: this.load(slug), loadedAt: Date.now() };
    if (this.slots.size >= MAX_ENTRIES) this.slots.delete(this.slots.keys().next().value!);
    this.slots.set(slug, fresh);
    fresh.entry.then(
      (entry) => {
        if (entry) fresh.serverId = entry.version.serverId;
      },
      () => {
        if (this.slots.get(slug) === fresh) this.slots.delete(slug);
      },
    );
    return fresh.entry;
  }

  private async load(slug: string): Promise<HostedEntry | null> {
    const source = await loadCurrentVersion(this.options.db, this.options.keyring, slug);
    return source ? this.build(source) : null;
  }

  /** A server changed (deploy, rollback, delete, secrets): forget it by slug and by id. */
  invalidate(change: { serverId?: string; slug?: string }): void {
    if (change.slug) this.slots.delete(change.slug);
    if (change.serverId) {
      for (const [slug, slot] of this.slots) if (slot.serverId === change.serverId) this.slots.delete(slug);
    }
  }

  clear(): void {
    this.slots.clear();
  }

  /** Versions in memory now (a slug that does not exist is cached too, but not counted). */
  get loaded(): number {
    let n = 0;
    for (const slot of this.slots.values()) if (slot.serverId !== undefined) n++;
    return n;
  }
}
