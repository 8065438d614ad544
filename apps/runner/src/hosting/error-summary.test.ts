import { expect, it } from 'vitest';
import { errorSummary, MAX_ERROR_CHARS } from './tool-execution.js';

const text = (t: string) => ({ content: [{ type: 'text', text: t }] }) as never;

it('keeps the first text of a failed result on one line', () => {
  expect(
    errorSummary(
      { content: [{ type: 'image' }, { type: 'text', text: 'HTTP 404\n  from the API' }] } as never,
      {},
    ),
  ).toBe('HTTP 404 from the API');
  expect(errorSummary({ content: [] } as never, {})).toBe('The tool failed without saying why.');
  expect(errorSummary('The caller has not signed in.', {})).toBe('The caller has not signed in.');
});

it('never keeps a secret value: each is replaced by its name, the longest first', () => {
  const secrets = { API_KEY: 'sk-live-123456', SHORT: 'abc', PREFIX: 'sk-live' };
  expect(errorSummary(text('Refused key sk-live-123456 (prefix sk-live), abc stays'), secrets)).toBe(
    'Refused key [API_KEY] (prefix [PREFIX]), abc stays',
  );
});

it(`cuts a long error at ${MAX_ERROR_CHARS} characters`, () => {
  const out = errorSummary(text('x'.repeat(1000)), {});
  expect(out).toHaveLength(MAX_ERROR_CHARS);
  expect(out.endsWith('…')).toBe(true);
});
