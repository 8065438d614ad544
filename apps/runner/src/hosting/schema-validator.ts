import { createSchemaValidator } from '@bmm/spec';
import type { jsonSchemaValidator } from '@modelcontextprotocol/server';

type Ajv = ReturnType<typeof createSchemaValidator>;
type AjvValidate = ReturnType<Ajv['compile']>;

/** The SDK's validator seam plus the raw check of each schema it compiled (the runner's fast path). */
export interface ToolSchemaValidator extends jsonSchemaValidator {
  /** `true` when the value satisfies the schema; `false` also for a schema that cannot be compiled. */
  check(schema: Record<string, unknown>): (value: unknown) => boolean;
}

/** A compiled schema, or why it cannot be compiled. */
type Compiled = AjvValidate | Error;

/**
 * Compiles that one ajv instance performs before the next schema goes to a fresh one. ajv keeps
 * every schema it compiled in its code scope for as long as it lives, so a long-lived instance would
 * grow with every version ever loaded; a retired instance is collected once no validator of it is
 * left (the versions that use them were evicted or replaced).
 */
const COMPILES_PER_AJV = 2_000;

/**
 * One compiled validator per distinct schema (by its JSON text), shared by every hosted version that
 * declares it — servers made from the same template, and the next version of a server that kept its
 * tools — and held only as long as a version uses it. Creating an ajv 2020-12 instance and compiling
 * its meta-schema costs ~40 ms and ~0.5 MB; doing it once per process instead of per version is what
 * keeps a cold version's load in milliseconds.
 */
class SharedSchemaCompiler {
  private ajv: Ajv = createSchemaValidator();
  private compiles = 0;
  private readonly byText = new Map<string, WeakRef<Compiled>>();
  private readonly forget = new FinalizationRegistry<string>((text) => {
    if (this.byText.get(text)?.deref() === undefined) this.byText.delete(text);
  });

  compile(schema: Record<string, unknown>): Compiled {
    const text = JSON.stringify(schema);
    const cached = this.byText.get(text)?.deref();
    if (cached) return cached;
    if (this.compiles >= COMPILES_PER_AJV) {
      this.ajv = createSchemaValidator();
      this.compiles = 0;
    }
    this.compiles++;
    let compiled: Compiled;
    try {
      compiled = this.ajv.compile(schema);
    } catch (err) {
      compiled = err instanceof Error ? err : new Error(String(err));
    } finally {
      // Not kept by ajv (its cache would hold every version's schemas), and a schema's `$id` stays
      // free for another tool's different schema with the same `$id`.
      this.ajv.removeSchema(schema);
    }
    this.byText.set(text, new WeakRef(compiled));
    this.forget.register(compiled, text);
    return compiled;
  }

  errorsText(validate: AjvValidate): string {
    return this.ajv.errorsText(validate.errors, { dataVar: 'arguments' });
  }

  /** Distinct schemas compiled and still in use (tests, metrics). */
  get size(): number {
    return this.byText.size;
  }
}

const shared = new SharedSchemaCompiler();

/** Distinct compiled schemas currently shared by loaded versions. */
export function sharedSchemaCount(): number {
  return shared.size;
}

/**
 * The SDK's validator seam over our ajv 2020-12 dialect (the one `validateSpec` checks). A schema is
 * compiled on its first use — the first call of that tool, not the version's load: a cold server's
 * `tools/list` compiles nothing, and tools never called cost no validator — and then shared by every
 * request (the SDK's and the fast path's alike) and by every version declaring the same schema.
 */
export function createToolSchemaValidator(): ToolSchemaValidator {
  return {
    check(schema) {
      let validate: Compiled | undefined;
      return (value) => {
        validate ??= shared.compile(schema);
        return !(validate instanceof Error) && validate(value) === true;
      };
    },
    getValidator<T>(schema: Record<string, unknown>) {
      let validate: Compiled | undefined;
      return (input: unknown) => {
        validate ??= shared.compile(schema);
        if (validate instanceof Error) {
          // A version stored before patterns ran on RE2 may hold one RE2 refuses (lookaround,
          // backreferences): that tool refuses every call with the reason, the server's other tools work.
          const errorMessage = `this tool's schema cannot be used: ${validate.message}; deploy a version without it`;
          return { valid: false as const, data: undefined, errorMessage };
        }
        return validate(input)
          ? { valid: true as const, data: input as T, errorMessage: undefined }
          : { valid: false as const, data: undefined, errorMessage: shared.errorsText(validate) };
      };
    },
  };
}
