import fc from 'fast-check';

/** Values that break naive services: for property-based fuzz tests of any HTTP surface. */

const nest = (depth: number, leaf: unknown): unknown => {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

/** Strings Postgres cannot store: NUL and unpaired surrogates, alone and inside text. */
export const unstorableString: fc.Arbitrary<string> = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\udbff\udbff',
  '\udc00\ud800',
  'name\u0000',
);

/** Strings that break naive services (weighted towards the ones Postgres refuses), plus random text. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: unstorableString },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '..',
      '../../etc/passwd',
      '%00',
      '%E0%A4%A',
      '1e20',
      '9223372036854775808',
      '-1',
      'null',
      '{}',
      '<script>alert(1)</script>',
      "' OR 1=1 --",
      '😀',
      'ﬀ\u200b\u202e',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 101, max: 70_000 }).map((n) => 'a'.repeat(n)) },
);

/** Numbers outside every Postgres integer range, fractions and edge values. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    2_147_483_648,
    -2_147_483_649,
    2 ** 63,
    -(2 ** 63),
    1e20,
    1e308,
    -1,
    0,
    1.5,
    Number.MAX_SAFE_INTEGER + 2,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value a hostile client may send in place of a well-typed one. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 2 }),
  fc.constantFrom(65, 2000).map((depth) => nest(depth, 'x')),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Raw bodies that are not the JSON they claim to be. */
export const malformedJson: fc.Arbitrary<string> = fc.constantFrom(
  '{',
  '{"a":',
  '[1,]',
  'nul',
  '"\\ud800"',
  '{"a":"\\u0000"}',
  '{"__proto__":{"x":1}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '\u0000',
  `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
);

/** A path segment as sent on the wire (already percent-encoded where it means to be). */
export const hostilePathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '%00',
    '%E0%A4%A',
    '%ED%A0%80',
    '%C0%AF',
    '..',
    '%2e%2e',
    '%2F',
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
  ),
  fc.uuid().map(String),
  fc.integer({ min: 101, max: 2000 }).map((n) => 'a'.repeat(n)),
  fc.string({ maxLength: 20 }).map((s) => encodeURIComponent(s.replace(/\p{Cs}/gu, ''))),
);
export { postWholeBodyThenRead, type RawAnswer } from './raw-post.js';

/**
 * Runs and seed of a fuzz test: `FUZZ_RUNS` and `FUZZ_SEED` when set; else a fixed seed under CI
 * (a red CI names a real bug that reproduces, never the luck of the draw) and a fresh one elsewhere,
 * so local runs keep exploring new inputs.
 */
export function fuzzSettings(defaultRuns: number): { runs: number; seed: number } {
  const runs = Number(process.env.FUZZ_RUNS ?? defaultRuns);
  const fixed = process.env.CI ? 20_261_201 : Date.now() % 2_147_483_647;
  return { runs, seed: Number(process.env.FUZZ_SEED ?? fixed) };
}
