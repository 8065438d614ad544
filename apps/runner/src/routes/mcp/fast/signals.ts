import type { ServerResponse } from 'node:http';
import type { CompiledTool } from '../../../hosting/hosted-version.js';

/**
 * Cancellation for fast-path tool calls: the SDK aborts a handler's signal when its client goes
 * away, and so does this. Controllers that were never aborted are reused for code tools (the
 * sandbox removes its listener when a call ends); http tools get a fresh one, since `fetch` may
 * tie derived signals to it.
 */
const pool: AbortController[] = [];
const POOL_MAX = 256;
const kController = Symbol('fastCallController');

type Tracked = ServerResponse & { [kController]?: AbortController | undefined };

/** One listener function for every response: no closure per request. */
function onClose(this: Tracked): void {
  const controller = this[kController];
  if (controller) {
    this[kController] = undefined;
    controller.abort();
  }
}

export function acquireSignal(res: ServerResponse, tool: CompiledTool): AbortSignal {
  const controller = (tool.spec.impl.kind === 'code' && pool.pop()) || new AbortController();
  (res as Tracked)[kController] = controller;
  res.on('close', onClose);
  return controller.signal;
}

export function releaseSignal(res: ServerResponse, signal: AbortSignal, tool: CompiledTool): void {
  const tracked = res as Tracked;
  const controller = tracked[kController];
  tracked[kController] = undefined;
  res.off('close', onClose);
  if (tool.spec.impl.kind !== 'code' || !controller || controller.signal !== signal) return;
  if (!signal.aborted && pool.length < POOL_MAX) pool.push(controller);
}
