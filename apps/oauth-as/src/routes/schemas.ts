import { Type } from 'typebox';

/**
 * Schemas shared by the OAuth route plugins, written with TypeBox so `FastifyPluginAsyncTypebox`
 * types `request.body/params/query` from them. Where TypeBox has no builder for the exact JSON Schema
 * (an object whose every property has one schema, a `type` list), `Type.Unsafe` keeps the JSON as it
 * was and declares its static type.
 */

/** RFC 6749 §5.2 / RFC 7591 error response. */
export const OAuthErrorSchema = Type.Object({
  error: Type.String(),
  error_description: Type.Optional(Type.String()),
});

/**
 * Token, revocation and introspection requests (RFC 6749 §3.2): every field a string, each at most
 * once (repeated parameters become arrays and fail validation — invalid_request).
 */
export const FormBodySchema = Type.Unsafe<Record<string, string | undefined>>({
  type: 'object',
  additionalProperties: { type: 'string', maxLength: 4096 },
});

/** A string or null, as the JSON Schema type list `['string', 'null']`. */
export const NullableString = () => Type.Unsafe<string | null>({ type: ['string', 'null'] });

/** No body at all (`send()`), declared as before: `{type: 'null'}`. */
export const EmptyResponse = Type.Unsafe<undefined>({ type: 'null' });
