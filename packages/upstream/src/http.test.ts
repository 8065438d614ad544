import { describe, expect, it } from 'vitest';
import { guardedFetch, UpstreamNetworkError } from './http.js';

describe('guardedFetch (every upstream request)', () => {
  const strict = guardedFetch({ allowPrivateNetwork: false, timeoutMs: 2000 });

  it('refuses plain http, credentials in the URL and private literals before connecting', async () => {
    await expect(strict('http://example.com/token', {})).rejects.toThrow(/https/);
    await expect(strict('https://user:pw@example.com/token', {})).rejects.toThrow(/credentials/);
    for (const host of ['127.0.0.1', '10.0.0.8', '169.254.169.254', '[::1]'])
      await expect(strict(`https://${host}/token`, {})).rejects.toBeInstanceOf(UpstreamNetworkError);
  });

  it('refuses a name that resolves to a private address (checked after DNS, at connect time)', async () => {
    const err = await strict('https://localhost:4443/token', {}).catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamNetworkError);
    expect(String(err.cause?.cause ?? err.cause ?? err)).toMatch(/private or reserved|EBMM_PRIVATE_ADDRESS/);
  });
});
