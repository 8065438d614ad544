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

/** Default bound of versions held in memory (RUNNER_VERSION_CACHE_SIZE). */
export const DEFAULT_VERSION_CACHE_SIZE = 5_000;
/** Slugs known not to exist (or to have no live version), kept apart so probing them evicts nothing. */
const MAX_MISSING = 10_000;
/** Safety net for a missed NOTIFY: an entry is re-read after this long even without one. */
const MAX_AGE_MS = 5 * 60_000;
const MISSING: Promise<HostedEntry | null> = Promise.resolve(null);

interface CacheSlot {
  entry: Promise<HostedEntry | null>;
  serverId?: string;
  loadedAt: number;
  /** A re-read after MAX_AGE_MS is under way (the slot keeps serving meanwhile). */
  refreshing?: boolean;
}

export interface RegistryOptions {
  db: Db;
  keyring: Keyring;
  logger: Logger;
  runnerUrl: string;
  factory: FactoryDeps;
  /** Versions held at most (least recently used evicted first); default DEFAULT_VERSION_CACHE_SIZE. */
  maxEntries?: number;
}

/**
 * Live versions by slug, loaded on first use and dropped on `serverChanged`. Calls already running hold
 * their own HostedEntry, so a deploy, rollback, delete or secret change never interrupts them; the next
 * request loads the new state. At most `maxEntries` versions are held: past that the least recently
 * used one is dropped (its next request loads it again, a few ms). Unknown slugs are remembered apart,
 * so requests to made-up slugs never push out a served version.
 */
export class ServerRegistry {
  /** Loading and loaded versions, least recently used first. */
  private readonly slots = new Map<string, CacheSlot>();
  /** Slugs without a live version, and when that was read (oldest first). */
  private readonly missing = new Map<string, number>();
  private readonly maxEntries: number;
  private loadListener: ((seconds: number) => void) | undefined;
  /** Versions dropped to stay within `maxEntries`. */
  evictions = 0;

  constructor(private readonly options: RegistryOptions) {
    this.maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_VERSION_CACHE_SIZE);
  }

  /** Called with the duration of every load of a version (database read, decryption, compilation). */
  onLoad(listener: (seconds: number) => void): void {
    this.loadListener = listener;
  }

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
    const now = Date.now();
    const slot = this.slots.get(slug);
    if (slot) {
      this.slots.delete(slug);
      const fresh = now - slot.loadedAt < MAX_AGE_MS;
      // A loaded version past its age keeps serving while it is re-read: no request waits for the
      // safety-net reload (a NOTIFY, the real signal of a change, drops the slot at once instead).
      if (fresh || slot.serverId !== undefined) {
        this.slots.set(slug, slot); // now the most recently used
        if (!fresh && !slot.refreshing) this.refresh(slug, slot);
        return slot.entry;
      }
    }
    const missingSince = this.missing.get(slug);
    if (missingSince !== undefined) {
      if (now - missingSince < MAX_AGE_MS) return MISSING;
      this.missing.delete(slug);
    }
    return this.settle(slug, { entry: this.load(slug), loadedAt: now });
  }

  /** Installs a load's slot and files its outcome: a version (LRU), a missing slug, or nothing on failure. */
  private settle(slug: string, fresh: CacheSlot): Promise<HostedEntry | null> {
    this.slots.set(slug, fresh);
    fresh.entry.then(
      (entry) => {
        if (entry) {
          fresh.serverId = entry.version.serverId;
          // Only a version that exists takes a place (and may push out the least recently used).
          while (this.slots.size > this.maxEntries) {
            this.slots.delete(this.slots.keys().next().value!);
            this.evictions++;
          }
        } else if (this.slots.get(slug) === fresh) {
          this.slots.delete(slug);
          this.missing.set(slug, fresh.loadedAt);
          if (this.missing.size > MAX_MISSING) this.missing.delete(this.missing.keys().next().value!);
        }
      },
      () => {
        if (this.slots.get(slug) === fresh) this.slots.delete(slug);
      },
    );
    return fresh.entry;
  }

  /** Re-reads an aged version in the background; the result replaces it unless the slot changed meanwhile. */
  private refresh(slug: string, stale: CacheSlot): void {
    stale.refreshing = true;
    const loadedAt = Date.now();
    this.load(slug).then(
      (entry) => {
        if (this.slots.get(slug) !== stale) return; // invalidated or evicted meanwhile
        void this.settle(slug, { entry: Promise.resolve(entry), loadedAt });
      },
      () => {
        stale.refreshing = false; // the database failed: keep serving, try again on a later request
      },
    );
  }

  private async load(slug: string): Promise<HostedEntry | null> {
    const started = performance.now();
    const source = await loadCurrentVersion(this.options.db, this.options.keyring, slug);
    if (!source) return null;
    const entry = this.build(source);
    this.loadListener?.((performance.now() - started) / 1000);
    return entry;
  }

  /** A server changed (deploy, rollback, delete, secrets): forget it by slug and by id. */
  invalidate(change: { serverId?: string; slug?: string }): void {
    if (change.slug) {
      this.slots.delete(change.slug);
      this.missing.delete(change.slug);
    }
    if (change.serverId) {
      for (const [slug, slot] of this.slots) if (slot.serverId === change.serverId) this.slots.delete(slug);
    }
  }

  clear(): void {
    this.slots.clear();
    this.missing.clear();
  }

  /** Versions in memory now (a slug that does not exist is cached too, but not counted). */
  get loaded(): number {
    let n = 0;
    for (const slot of this.slots.values()) if (slot.serverId !== undefined) n++;
    return n;
  }
}
