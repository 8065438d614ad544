/**
 * One class per OAuth error code (RFC 6749 §4.1.2.1/§5.2, RFC 7591 §3.2.2, RFC 8707, RFC 6750).
 * `oauthErrorBody` is the one serializer: anything that is not an OAuthError becomes `server_error`
 * without a word about internals.
 */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
    /** Extra response headers, e.g. WWW-Authenticate for invalid_client over Basic auth. */
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = new.target.name;
  }
}

export class InvalidRequest extends OAuthError {
  constructor(description: string, status = 400) {
    super('invalid_request', description, status);
  }
}
export class InvalidClient extends OAuthError {
  constructor(description: string, basicAuth = false) {
    super('invalid_client', description, 401, basicAuth ? { 'www-authenticate': 'Basic realm="oauth"' } : {});
  }
}
export class InvalidGrant extends OAuthError {
  constructor(description: string) {
    super('invalid_grant', description, 400);
  }
}
export class UnauthorizedClient extends OAuthError {
  constructor(description: string) {
    super('unauthorized_client', description, 400);
  }
}
export class UnsupportedGrantType extends OAuthError {
  constructor(description: string) {
    super('unsupported_grant_type', description, 400);
  }
}
export class UnsupportedResponseType extends OAuthError {
  constructor(description: string) {
    super('unsupported_response_type', description, 400);
  }
}
export class UnsupportedTokenType extends OAuthError {
  constructor(description: string) {
    super('unsupported_token_type', description, 400);
  }
}
export class InvalidScope extends OAuthError {
  constructor(description: string) {
    super('invalid_scope', description, 400);
  }
}
export class InvalidTarget extends OAuthError {
  constructor(description: string) {
    super('invalid_target', description, 400);
  }
}
export class AccessDenied extends OAuthError {
  constructor(description: string, status = 403) {
    super('access_denied', description, status);
  }
}
export class LoginRequired extends OAuthError {
  constructor(description = 'Sign in first.') {
    super('login_required', description, 401);
  }
}
export class InvalidRedirectUri extends OAuthError {
  constructor(description: string) {
    super('invalid_redirect_uri', description, 400);
  }
}
export class InvalidClientMetadata extends OAuthError {
  constructor(description: string, status = 400) {
    super('invalid_client_metadata', description, status);
  }
}
export class InvalidToken extends OAuthError {
  constructor(description: string) {
    super('invalid_token', description, 401);
  }
}
export class InsufficientScope extends OAuthError {
  constructor(description: string) {
    super('insufficient_scope', description, 403);
  }
}
export class SlowDown extends OAuthError {
  constructor(description = 'Too many requests; slow down.') {
    super('slow_down', description, 429);
  }
}
export class ServerError extends OAuthError {
  constructor(description = 'The authorization server hit an unexpected error.') {
    super('server_error', description, 500);
  }
}
export class TemporarilyUnavailable extends OAuthError {
  constructor(description = 'The authorization server is temporarily unavailable.') {
    super('temporarily_unavailable', description, 503);
  }
}

export interface OAuthErrorBody {
  error: string;
  error_description: string;
}

/** The RFC 6749 §5.2 body and status for any thrown value; unexpected errors become server_error. */
export function oauthErrorBody(err: unknown): {
  status: number;
  body: OAuthErrorBody;
  headers: Record<string, string>;
} {
  const e = err instanceof OAuthError ? err : new ServerError();
  return { status: e.status, body: { error: e.error, error_description: e.description }, headers: e.headers };
}
