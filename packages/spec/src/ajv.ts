import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * A JSON Schema 2020-12 validator for user-supplied schemas (tool inputs and outputs).
 * Not strict: drafted schemas often carry harmless unknown keywords (`example`, `x-…`).
 */
export function createSchemaValidator(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  return ajv;
}
