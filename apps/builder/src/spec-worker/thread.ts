// The spec thread: validation and packaging of server specs, off the builder's event loop.
import { parentPort } from 'node:worker_threads';
import { validateSpec } from '@bmm/spec';
import { packageSpec } from './package-spec.js';
import type { SpecReply, SpecRequest } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('spec-worker/thread runs as a worker thread');

port.on('message', (request: SpecRequest) => {
  let reply: SpecReply;
  try {
    const result =
      request.op === 'validate' ? validateSpec(request.spec) : packageSpec(request.spec, request.slug);
    reply = { id: request.id, ok: true, result };
  } catch (err) {
    reply = { id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
