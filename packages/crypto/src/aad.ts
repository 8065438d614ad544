/**
 * Associated data that binds an encrypted value to its row. Every service that encrypts or
 * decrypts these values uses these functions, so a ciphertext copied elsewhere never decrypts.
 */
export const serverSecretAad = (serverId: string, name: string) => `server_secret:${serverId}:${name}`;
export const signingKeyAad = (kid: string) => `signing_key:${kid}`;
/** An upstream token of the vault: bound to user, server, upstream and which token it is. */
export const upstreamTokenAad = (
  userId: string,
  serverId: string,
  upstreamId: string,
  kind: 'access' | 'refresh' | 'code_verifier',
) => `upstream_token:${userId}:${serverId}:${upstreamId}:${kind}`;
