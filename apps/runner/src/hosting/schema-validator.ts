import { createSchemaValidator } from '@bmm/spec';
import type { jsonSchemaValidator } from '@modelcontextprotocol/server';

/**
 * The SDK's validator seam over our ajv 2020-12 instance (the same dialect `validateSpec` checks),
 * so a tool's schemas are compiled once when its version loads and shared by every request.
 */
export function createToolSchemaValidator(): jsonSchemaValidator {
  const ajv = createSchemaValidator();
  return {
    getValidator<T>(schema: Record<string, unknown>) {
      let validate: ReturnType<typeof ajv.compile>;
      try {
        validate = ajv.compile(schema);
      } catch (err) {
        // A version stored before patterns ran on RE2 may hold one RE2 refuses (lookaround,
        // backreferences): that tool refuses every call with the reason, the server's other tools work.
        const errorMessage = `this tool's schema cannot be used: ${(err as Error).message}; deploy a version without it`;
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
