import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { linearRegExp } from './linear-pattern.js';

/**
 * The one JSON Schema 2020-12 validator for user-supplied schemas (tool inputs and outputs), used by
 * the api, builder, runner, planner and exported servers. Not strict: drafted schemas often carry
 * harmless unknown keywords (`example`, `x-…`). Every `pattern` runs on RE2 (linear time), never on
 * the backtracking RegExp engine; ajv throws at compile time on a pattern RE2 cannot run.
 */
export function createSchemaValidator(): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    validateFormats: true,
    code: { regExp: linearRegExp },
  });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  return ajv;
}
