/**
 * The ServerSpec's name patterns (JSON Schema `pattern` strings), on their own so a browser bundle
 * can check a slug or a secret name as it is typed without taking in the validator
 * (`@bmm/spec/patterns`).
 */
export const SLUG_PATTERN = '^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$';
export const SECRET_NAME_PATTERN = '^[A-Z][A-Z0-9_]{0,63}$';
export const UPSTREAM_ID_PATTERN = '^[a-z][a-z0-9_-]{0,31}$';
