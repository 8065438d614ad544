import type { TokenResponse } from '@bmm/oauth';
import { UnauthorizedClient, UnsupportedGrantType } from '@bmm/oauth';
import { checkClientAuth, clientAuthCheck, presentedCredentials } from '../checks/check-client-auth.js';
import type { AsContext } from '../context.js';
import { exchangeAuthorizationCode, exchangeCodeAtOnce } from './authorization-code.js';
import { exchangeRefreshToken, refreshAtOnce } from './refresh-token.js';

type Form = Record<string, string | undefined>;

/** Per grant type: the one-statement common case, and the step-by-step path that explains a refusal. */
const GRANTS = {
  authorization_code: { atOnce: exchangeCodeAtOnce, stepByStep: exchangeAuthorizationCode },
  refresh_token: { atOnce: refreshAtOnce, stepByStep: exchangeRefreshToken },
} as const;
type GrantType = keyof typeof GRANTS;

const isGrantType = (value: string | undefined): value is GrantType =>
  value !== undefined && Object.hasOwn(GRANTS, value);

/**
 * The token endpoint. A well-formed request first tries its grant's one statement, which also
 * authenticates the client: one round trip per grant. When that matches nothing, the client is
 * authenticated and the grant checked step by step, in the order the errors are due (RFC 6749 §5.2).
 */
export async function grantTokens(
  ctx: AsContext,
  authorization: string | undefined,
  body: Form,
): Promise<TokenResponse> {
  const grantType = body.grant_type;
  if (isGrantType(grantType)) {
    const check = clientAuthCheck(ctx, presentedCredentials(authorization, body), grantType);
    const response = check && (await GRANTS[grantType].atOnce(ctx, check, body));
    if (response) return response;
  }
  const client = await checkClientAuth(ctx, authorization, body);
  if (!grantType) throw new UnsupportedGrantType('grant_type is required.');
  if (!isGrantType(grantType))
    throw new UnsupportedGrantType(
      `grant_type "${grantType.slice(0, 50)}" is not supported: use authorization_code or refresh_token.`,
    );
  if (!client.grant_types.includes(grantType))
    throw new UnauthorizedClient(`This client is not registered for the ${grantType} grant.`);
  return await GRANTS[grantType].stepByStep(ctx, client, body);
}
