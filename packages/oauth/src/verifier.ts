import { createRemoteJWKSet, type JWTVerifyGetKey, errors as joseErrors, jwtVerify } from 'jose';
import { InvalidToken } from './errors.js';
import { ACCESS_TOKEN_ALGS, ACCESS_TOKEN_TYPE } from './types.js';

/** An access token that passed every check, as a resource server uses it. */
export interface VerifiedAccessToken {
  sub: string;
  clientId: string;
  scopes: string[];
  aud: string;
  jti: string;
  iat: number;
  /** Epoch seconds. */
  exp: number;
}

export interface AccessTokenVerifierOptions {
  /** Expected `iss`, compared exactly. */
  issuer: string;
  /** The authorization server's JWKS. */
  jwksUrl: string;
  /** Leeway for exp/nbf/iat, seconds (default 5). */
  clockToleranceSec?: number;
  /** Minimum time between JWKS refetches on an unknown `kid`, ms (default 30 s). */
  jwksCooldownMs?: number;
  /** Whether a `jti` is revoked (checked on every call, cached tokens included). */
  isRevoked?: (jti: string) => boolean;
  /** Verified tokens kept in memory (default 10 000). */
  cacheSize?: number;
  /** Told whether each well-formed token was found in the cache (for a hit-ratio metric). */
  onCacheLookup?: (hit: boolean) => void;
  /** Injectable key source (tests); defaults to a remote JWK set on `jwksUrl`. */
  keys?: JWTVerifyGetKey;
  now?: () => number;
}

export interface AccessTokenVerifier {
  /** Verifies a bearer token for one resource (`aud` must be exactly `audience`); throws InvalidToken. */
  verify(token: string, audience: string): Promise<VerifiedAccessToken>;
  /** Drops cached verifications of a revoked `jti`. */
  forget(jti: string): void;
}

const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/;

function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'The access token has expired.';
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return 'The access token was issued by another authorization server.';
    if (err.claim === 'nbf') return 'The access token is not valid yet.';
    if (err.claim === 'typ') return 'The token is not an access token (typ at+jwt).';
    return `The access token's ${err.claim} claim is invalid.`;
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed)
    return 'The access token must be signed with ES256 or RS256.';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'The access token was signed by an unknown key.';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed)
    return 'The access token signature is invalid.';
  if (err instanceof joseErrors.JWKSTimeout) return 'The authorization server keys could not be fetched.';
  return 'The access token is malformed.';
}

/**
 * The resource-server side of our access tokens (RFC 9068): ES256 or RS256, `typ: at+jwt`, exact `iss`,
 * exact single `aud`, exp/nbf with a small leeway, `jti` not revoked. A verified token is cached until it
 * expires, so a signature is checked once per token, not once per request.
 *
 * The cache is keyed by the token string itself, not a digest of it: the token never leaves this
 * process's memory (the resource server holds it for the request anyway, e.g. in the SDK's AuthInfo),
 * only tokens that passed verification are stored (an attacker cannot fill the map or choose colliding
 * keys), and a lookup is a string hash plus one comparison, where a sha256 per request cost more.
 */
export function createAccessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  if (!options.issuer) throw new Error('createAccessTokenVerifier: issuer is required');
  const tolerance = options.clockToleranceSec ?? 5;
  const now = options.now ?? (() => Date.now());
  const keys =
    options.keys ??
    createRemoteJWKSet(new URL(options.jwksUrl), {
      cooldownDuration: options.jwksCooldownMs ?? 30_000,
      cacheMaxAge: 10 * 60_000,
      timeoutDuration: 5_000,
    });
  const cacheSize = options.cacheSize ?? 10_000;
  /** Verified tokens by the raw token string, oldest first. */
  const cache = new Map<string, VerifiedAccessToken>();

  function checkCurrent(raw: string, token: VerifiedAccessToken, audience: string): VerifiedAccessToken {
    if (token.exp + tolerance <= now() / 1000) {
      cache.delete(raw);
      throw new InvalidToken('The access token has expired.');
    }
    if (options.isRevoked?.(token.jti)) throw new InvalidToken('The access token has been revoked.');
    if (token.aud !== audience) throw new InvalidToken('The access token is not meant for this server.');
    return token;
  }

  return {
    forget(jti) {
      for (const [raw, token] of cache) if (token.jti === jti) cache.delete(raw);
    },
    async verify(token, audience) {
      if (!token || token.length > 8192) throw new InvalidToken('The access token is malformed.');
      const cached = cache.get(token);
      options.onCacheLookup?.(cached !== undefined);
      if (cached) return checkCurrent(token, cached, audience);
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          // Each JWKS key names its `alg`, and jose only uses a key for the algorithm it names.
          algorithms: [...ACCESS_TOKEN_ALGS],
          typ: ACCESS_TOKEN_TYPE,
          clockTolerance: tolerance,
          requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id'],
          currentDate: new Date(now()),
        }));
      } catch (err) {
        throw new InvalidToken(describeJoseError(err));
      }
      const aud = Array.isArray(payload.aud) && payload.aud.length === 1 ? payload.aud[0] : payload.aud;
      const scope = typeof payload.scope === 'string' ? payload.scope : '';
      const scopes = scope.split(' ').filter(Boolean);
      if (
        typeof aud !== 'string' ||
        typeof payload.sub !== 'string' ||
        typeof payload.client_id !== 'string' ||
        typeof payload.jti !== 'string' ||
        typeof payload.exp !== 'number' ||
        typeof payload.iat !== 'number' ||
        !scopes.every((s) => SCOPE_TOKEN.test(s))
      ) {
        throw new InvalidToken('The access token claims are malformed.');
      }
      const verified: VerifiedAccessToken = {
        sub: payload.sub,
        clientId: payload.client_id,
        scopes,
        aud,
        jti: payload.jti,
        iat: payload.iat,
        exp: payload.exp,
      };
      checkCurrent(token, verified, audience);
      if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
      cache.set(token, verified);
      return verified;
    },
  };
}
