import { RE2JS } from 're2js';

/**
 * JSON Schema `pattern`s come from users (tool input schemas, OpenAPI imports), so they never run on
 * JavaScript's backtracking engine, where `^(a+)+$` against 27 × "a" + "!" blocks the event loop for
 * half a second and every extra character doubles it (CWE-1333). They run on RE2 (the re2js port:
 * pure JavaScript, no native build), whose matching time is linear in the input.
 *
 * RE2 has no backreferences and no lookaround; such patterns are refused when a spec is validated.
 * Differences that remain from ECMA-262: `\s` is ASCII whitespace only and `.` also matches `\r`.
 */
export const MAX_PATTERN_LENGTH = 4096;
/** RE2's own estimate of a compiled pattern's cost; bounds compile time and per-character work. */
const MAX_PROGRAM_SIZE = 20_000;

export class UnsupportedPatternError extends Error {
  override name = 'UnsupportedPatternError';
}

function why(message: string): string {
  if (/`\\(?:[1-9]|k)/.test(message)) return 'backreferences are not supported';
  if (/`\(\?(?:=|!|<=|<!)/.test(message)) return 'lookahead and lookbehind are not supported';
  return message.replace(/^error parsing regexp: /, '');
}

export interface LinearPattern {
  test(input: string): boolean;
  /** ajv keys its cache of compiled patterns by `toString()`: it must name the pattern. */
  toString(): string;
}

/** An RE2-compiled ECMA-262 pattern with what ajv needs. Throws UnsupportedPatternError. */
export function compileLinearPattern(pattern: string): LinearPattern {
  if (pattern.length > MAX_PATTERN_LENGTH)
    throw new UnsupportedPatternError(`is longer than ${MAX_PATTERN_LENGTH} characters`);
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(pattern));
  } catch (err) {
    throw new UnsupportedPatternError(
      `cannot run on the linear-time engine (RE2): ${why((err as Error).message)}`,
    );
  }
  if (re.programSize() > MAX_PROGRAM_SIZE)
    throw new UnsupportedPatternError('is too complex (its compiled program is too large)');
  return { test: (input: string) => re.test(input), toString: () => `/${pattern}/re2` };
}

/** ajv's `code.regExp` engine: every `pattern` and `patternProperties` key goes through RE2. */
export const linearRegExp = Object.assign(
  (pattern: string, _flags: string) => compileLinearPattern(pattern),
  { code: 'linearRegExp' },
);

const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples', 'example']);

export interface PatternIssue {
  /** JSON pointer inside the schema, e.g. `/properties/id/pattern`. */
  path: string;
  message: string;
}

const escapePointer = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** Every `pattern` / `patternProperties` key of a user schema that RE2 cannot run, with its location. */
export function unsupportedPatterns(schema: unknown, path = ''): PatternIssue[] {
  if (Array.isArray(schema)) return schema.flatMap((item, i) => unsupportedPatterns(item, `${path}/${i}`));
  if (!schema || typeof schema !== 'object') return [];
  const issues: PatternIssue[] = [];
  const check = (pattern: string, at: string) => {
    try {
      compileLinearPattern(pattern);
    } catch (err) {
      issues.push({ path: at, message: `pattern ${JSON.stringify(pattern)} ${(err as Error).message}` });
    }
  };
  for (const [key, value] of Object.entries(schema)) {
    const at = `${path}/${escapePointer(key)}`;
    if (DATA_KEYWORDS.has(key)) continue;
    if (key === 'pattern' && typeof value === 'string') check(value, at);
    else if (key === 'patternProperties' && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [p, sub] of Object.entries(value)) {
        check(p, `${at}/${escapePointer(p)}`);
        issues.push(...unsupportedPatterns(sub, `${at}/${escapePointer(p)}`));
      }
    } else issues.push(...unsupportedPatterns(value, at));
  }
  return issues;
}
