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
      const validate = ajv.compile(schema);
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
