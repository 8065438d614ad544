/** Who is calling, as the token says; attached to the SDK's AuthInfo.extra.caller. */
export interface CallerIdentity {
  userId: string;
  clientId: string;
  jti: string;
}
