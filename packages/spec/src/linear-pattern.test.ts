import { describe, expect, it } from 'vitest';
import { createSchemaValidator, type ServerSpec, validateSpec } from './index.js';

const EVIL = '^(a+)+$';
const EVIL_INPUT = `${'a'.repeat(27)}!`;

function specWith(inputSchema: Record<string, unknown>, example?: Record<string, unknown>): ServerSpec {
  return {
    name: 'Patterns',
    slug: 'patterns',
    description: 'Pattern checks',
    secrets: [],
    tools: [
      {
        name: 'echo',
        description: 'Echoes',
        inputSchema: { type: 'object', ...inputSchema },
        impl: { kind: 'code', source: 'export default async (i) => i' },
        ...(example && { examples: [{ input: example }] }),
      },
    ],
  };
}

describe('createSchemaValidator (RE2 patterns)', () => {
  it('evaluates a catastrophic pattern in linear time', () => {
    const ajv = createSchemaValidator();
    const validate = ajv.compile({ type: 'string', pattern: EVIL });
    const started = performance.now();
    expect(validate(EVIL_INPUT)).toBe(false);
    // The backtracking engine needs ~0.4 s for the 28 characters alone (doubling per character).
    expect(performance.now() - started).toBeLessThan(100);
    expect(validate('aaaa')).toBe(true);
  });

  it('runs patternProperties and propertyNames patterns on RE2 too', () => {
    const ajv = createSchemaValidator();
    const props = ajv.compile({ type: 'object', patternProperties: { [EVIL]: { type: 'number' } } });
    const names = ajv.compile({ type: 'object', propertyNames: { pattern: EVIL } });
    const started = performance.now();
    expect(props({ [EVIL_INPUT]: 'x' })).toBe(true);
    expect(names({ [EVIL_INPUT]: 1 })).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
    expect(props({ aaa: 'x' })).toBe(false);
  });

  it('keeps ECMA-262 syntax working (escapes, classes, named groups, \\u, \\p)', () => {
    const ajv = createSchemaValidator();
    const cases: [string, string, boolean][] = [
      ['^\\d{4}-\\d{2}-\\d{2}$', '2026-12-01', true],
      ['^https?:\\/\\/', 'https://x', true],
      ['^\\u0041+$', 'AAA', true],
      ['^(?<year>\\d{4})$', '2026', true],
      ['^\\p{Lu}', 'Ämter', true],
      ['^[^@\\s]+@[^@\\s]+$', 'a b@c', false],
      ['^[a-z]+$', 'abc\n', false],
    ];
    for (const [pattern, input, expected] of cases)
      expect(ajv.validate({ type: 'string', pattern }, input), pattern).toBe(expected);
  });
});

describe('validateSpec and patterns', () => {
  it('refuses backreferences and lookaround with the location and the reason', () => {
    const result = validateSpec(
      specWith({
        properties: {
          a: { type: 'string', pattern: '^(a)\\1$' },
          b: { type: 'string', pattern: '^(?=x)x$' },
          c: { type: 'object', patternProperties: { '(?<!y)z': {} } },
        },
      }),
    );
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path: '/tools/0/inputSchema/properties/a/pattern',
          message:
            'pattern "^(a)\\\\1$" cannot run on the linear-time engine (RE2): backreferences are not supported',
        },
        {
          path: '/tools/0/inputSchema/properties/b/pattern',
          message:
            'pattern "^(?=x)x$" cannot run on the linear-time engine (RE2): lookahead and lookbehind are not supported',
        },
        {
          path: '/tools/0/inputSchema/properties/c/patternProperties/(?<!y)z',
          message:
            'pattern "(?<!y)z" cannot run on the linear-time engine (RE2): lookahead and lookbehind are not supported',
        },
      ],
    });
  });

  it('refuses a pattern that is too long', () => {
    const result = validateSpec(
      specWith({ properties: { a: { type: 'string', pattern: 'a'.repeat(5000) } } }),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues[0]!.message).toMatch(/longer than 4096 characters/);
  });

  it('checks an example against a catastrophic pattern promptly', () => {
    const started = performance.now();
    const result = validateSpec(
      specWith({ properties: { id: { type: 'string', pattern: EVIL } } }, { id: EVIL_INPUT }),
    );
    expect(performance.now() - started).toBeLessThan(200);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues[0]!.path).toBe('/tools/0/examples/0/input');
  });

  it('validates the same spec twice even when a tool schema carries an $id', () => {
    const spec = specWith({ $id: 'https://example.com/echo-input', properties: { x: { type: 'string' } } });
    expect(validateSpec(structuredClone(spec)).ok).toBe(true);
    expect(validateSpec(structuredClone(spec)).ok).toBe(true);
  });
});
