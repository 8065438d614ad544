/** Every public URL of the authorization server, derived from the configured issuer (never the Host header). */
export interface IssuerUrls {
  issuer: string;
  /** The issuer's path ('' or '/oauth'); every endpoint lives under it. */
  prefix: string;
  authorization: string;
  token: string;
  registration: string;
  revocation: string;
  introspection: string;
  jwks: string;
  /** Paths (not URLs) at which the RFC 8414 metadata is served. */
  metadataPaths: string[];
}

export function issuerUrls(issuer: string): IssuerUrls {
  const u = new URL(issuer);
  if (u.search || u.hash) throw new Error('OAUTH_ISSUER must not carry a query or fragment (RFC 8414 §2)');
  const clean = issuer.replace(/\/+$/, '');
  const prefix = new URL(clean).pathname.replace(/\/+$/, '');
  const wellKnown = ['oauth-authorization-server', 'openid-configuration'];
  const metadataPaths = wellKnown.map((name) => `/.well-known/${name}${prefix}`);
  if (prefix) metadataPaths.push(...wellKnown.map((name) => `${prefix}/.well-known/${name}`));
  return {
    issuer: clean,
    prefix,
    authorization: `${clean}/authorize`,
    token: `${clean}/token`,
    registration: `${clean}/register`,
    revocation: `${clean}/revoke`,
    introspection: `${clean}/introspect`,
    jwks: `${clean}/jwks`,
    metadataPaths,
  };
}
