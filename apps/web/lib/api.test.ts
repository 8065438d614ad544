import { describe, expect, it } from 'vitest';
import { ApiError, safeNext } from './api';

describe('safeNext', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeNext('/servers/new')).toBe('/servers/new');
    expect(safeNext('/oauth/consent?interaction=abc')).toBe('/oauth/consent?interaction=abc');
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['absolute URL', 'https://evil.example/'],
    ['protocol-relative', '//evil.example/x'],
    ['backslash', '/\\evil.example'],
    ['tab that browsers drop', '/\t/evil.example'],
    ['newline', '/\n/evil.example'],
    ['javascript scheme', 'javascript:alert(1)'],
    ['relative path', 'dashboard'],
  ])('falls back for %s', (_, value) => {
    expect(safeNext(value)).toBe('/dashboard');
    expect(safeNext(value, '/x')).toBe('/x');
  });
});

describe('ApiError', () => {
  it('maps problem+json fields onto form field names', () => {
    const err = new ApiError(400, {
      status: 400,
      code: 'invalid_email',
      detail: 'Enter a valid email address.',
      fields: [
        { field: 'body.email', message: 'must be an email address' },
        { field: 'body.email', message: 'second message is ignored' },
        { field: 'body.name', message: 'is empty' },
      ],
    });
    expect(err.message).toBe('Enter a valid email address.');
    expect(err.fieldErrors()).toEqual({ email: 'must be an email address', name: 'is empty' });
  });

  it('reads OAuth error JSON too', () => {
    const err = new ApiError(403, {
      status: 403,
      code: '',
      error: 'access_denied',
      error_description: 'Ask its owner for access.',
    });
    expect(err.message).toBe('Ask its owner for access.');
  });
});
