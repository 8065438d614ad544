import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { activeTraceId, startTelemetry, tracingEnabled, validTraceparent, withSpan } from './index.js';

describe('telemetry when OTEL_EXPORTER_OTLP_ENDPOINT is unset', () => {
  it('stays off and only runs the wrapped work', async () => {
    expect(await startTelemetry({ serviceName: 'bmm-test', env: {} })).toBe(false);
    expect(tracingEnabled()).toBe(false);
    expect(await withSpan('x', undefined, async () => activeTraceId())).toBeUndefined();
    await expect(withSpan('x', undefined, async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
  });

  it('imports nothing of OpenTelemetry at load time (the SDK is loaded only by startTelemetry)', () => {
    const source = readFileSync(new URL('./index.ts', import.meta.url), 'utf8');
    const valueImports = [...source.matchAll(/^import (?!type )[^;]*from '([^']+)'/gm)].map((m) => m[1]);
    expect(valueImports).toEqual(['@bmm/logger']);
    expect(source).toContain("await import('./setup.js')");
  });

  it('accepts only W3C traceparent values', () => {
    expect(validTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBeDefined();
    for (const bad of [
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      'garbage',
      42,
    ])
      expect(validTraceparent(bad)).toBeUndefined();
  });
});
