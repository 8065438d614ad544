export { createSchemaValidator } from './ajv.js';
export type { ChatEventName, ChatStreamEvent } from './chat-events.js';
export { canonicalJson, specHash } from './hash.js';
export {
  compileLinearPattern,
  type LinearPattern,
  linearRegExp,
  MAX_PATTERN_LENGTH,
  type PatternIssue,
  UnsupportedPatternError,
  unsupportedPatterns,
} from './linear-pattern.js';
export { SECRET_NAME_PATTERN } from './patterns.js';
export { SLUG_PATTERN, serverSpecSchema, UPSTREAM_ID_PATTERN, UPSTREAM_PRESETS } from './schema.js';
export { BASE_SCOPE, serverScopes, toolScopes } from './scopes.js';
export { type InstallSnippet, installSnippets } from './snippets.js';
export {
  collectStrings,
  renderString,
  renderValue,
  type TemplateContext,
  type TemplateRef,
  templateRefs,
} from './template.js';
export type * from './types.js';
export { formatIssues, type SpecIssue, type SpecValidation, validateSpec } from './validate.js';
