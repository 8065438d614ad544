import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redact, redactUrl } from './index.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('redacts sensitive keys at any depth', async () => {
    const { lines, destination } = capture();
    const log = createLogger({ name: 't', destination });
    log.info(
      {
        headers: { authorization: 'Bearer abc123', Cookie: 'bmm_session=zzz' },
        body: {
          nested: { deeper: { password: 'hunter2hunter2', items: [{ secret: 's3', value: 'v4', ok: 1 }] } },
        },
        token: 'tok',
      },
      'request',
    );
    const out = lines.join('');
    for (const leaked of ['abc123', 'bmm_session=zzz', 'hunter2hunter2', 's3', 'v4', '"tok"']) {
      expect(out).not.toContain(leaked);
    }
    expect(out).toContain('"ok":1');
    expect(out).toContain('[redacted]');
  });

  it('redacts credentials in URLs', () => {
    expect(redactUrl('/v1/builds/1/stream?ticket=abc&since=3')).toBe(
      '/v1/builds/1/stream?ticket=[redacted]&since=3',
    );
    expect(redactUrl('/cb?code=xyz&state=s')).toBe('/cb?code=[redacted]&state=[redacted]');
  });

  it('leaves plain values alone', () => {
    expect(redact({ a: 1, b: [1, 2], c: null })).toEqual({ a: 1, b: [1, 2], c: null });
  });
});
