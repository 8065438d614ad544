import { createSchemaValidator } from '@bmm/spec';
import type { jsonSchemaValidator } from '@modelcontextprotocol/server';

type Ajv = ReturnType<typeof createSchemaValidator>;
type AjvValidate = ReturnType<Ajv['compile']>;

/** The SDK's validator seam plus the raw check of each schema it compiled (the runner's fast path). */
export interface ToolSchemaValidator extends jsonSchemaValidator {
  /** `true` when the value satisfies the schema; `false` also for a schema that cannot be compiled. */
  check(schema: Record<string, unknown>): (value: unknown) => boolean;
}

const refuseAll = () => false;

/**
 * The SDK's validator seam over our ajv 2020-12 instance (the same dialect `validateSpec` checks),
 * so a tool's schemas are compiled once when its version loads and shared by every request — by
 * the SDK and by the fast path alike (one compile per schema object).
 */
export function createToolSchemaValidator(): ToolSchemaValidator {
  const ajv = createSchemaValidator();
  const compiled = new WeakMap<object, AjvValidate | Error>();
  const compile = (schema: Record<string, unknown>): AjvValidate | Error => {
    let validate = compiled.get(schema);
    if (!validate) {
      try {
        validate = ajv.compile(schema);
      } catch (err) {
        validate = err as Error;
      }
      compiled.set(schema, validate);
    }
    return validate;
  };
  return {
    check(schema) {
      const validate = compile(schema);
      return validate instanceof Error ? refuseAll : (value) => validate(value) === true;
    },
    getValidator<T>(schema: Record<string, unknown>) {
      const validate = compile(schema);
      if (validate instanceof Error) {
        // A version stored before patterns ran on RE2 may hold one RE2 refuses (lookaround,
        // backreferences): that tool refuses every call with the reason, the server's other tools work.
        const errorMessage = `this tool's schema cannot be used: ${validate.message}; deploy a version without it`;
        return () => ({ valid: false as const, data: undefined, errorMessage });
      }
      return (input: unknown) =>
        validate(input)
          ? { valid: true as const, data: input as T, errorMessage: undefined }
          : {
              valid: false as const,
              data: undefined,
              errorMessage: ajv.errorsText(validate.errors, { dataVar: 'arguments' }),
            };
    },
  };
}
