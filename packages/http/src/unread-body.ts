import type { FastifyRequest } from 'fastify';

/** How much of an unread body is read and thrown away before an early answer, at most. */
export const MAX_DRAIN_BYTES = 32 * 1024 * 1024;
export const MAX_DRAIN_MS = 10_000;

/**
 * An error answered before the request body was read (413 over the body limit, 415, a 401 from a
 * hook) closes the connection. Closing a socket with unread bytes makes the kernel send a reset, and
 * a client that writes its whole body before reading (Python's http.client, many SDKs) then sees a
 * dropped connection instead of the answer. Reading the rest first (bounded in bytes and time) lets
 * every client read the status and the problem body.
 */
export async function drainUnreadBody(request: FastifyRequest): Promise<void> {
  const raw = request.raw;
  if (raw.complete || raw.readableEnded || raw.destroyed) return;
  await new Promise<void>((resolve) => {
    let bytes = 0;
    const done = () => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', done);
      raw.off('close', done);
      raw.off('error', done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_DRAIN_BYTES) {
        raw.pause();
        done();
      }
    };
    const timer = setTimeout(done, MAX_DRAIN_MS);
    raw.on('data', onData);
    raw.once('end', done);
    raw.once('close', done);
    raw.once('error', done);
    raw.resume();
  });
}
