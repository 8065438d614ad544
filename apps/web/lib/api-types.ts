/**
 * Generated from the api's OpenAPI document (GET /v1/openapi.json) by openapi-typescript.
 * Do not edit: run `pnpm gen:api-types` after changing a route schema of apps/api.
 */

export interface paths {
  '/v1/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This API as an OpenAPI 3.1 document */
    get: operations['getOpenapiJson'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/signup': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create an account (and a personal org), sign in and email a verification link. An address that already has an account gets the same answer; its owner is emailed instead. */
    post: operations['postAuthSignup'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign in with email and password */
    post: operations['postAuthLogin'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign out (ends this session) */
    post: operations['postAuthLogout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/verify-email': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Verify an email address with the token of a verification link (works once, 24 h) */
    post: operations['postAuthVerifyEmail'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/verify-email/resend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send the signed-in person a new verification link (a few per 15 minutes) */
    post: operations['postAuthVerifyEmailResend'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The signed-in person, their orgs and the active org */
    get: operations['getMe'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/me/org': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The active org: plan, usage against limits, members, encryption status */
    get: operations['getMeOrg'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Rename the active org */
    patch: operations['patchMeOrg'];
    trace?: never;
  };
  '/v1/me/org/switch': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Make another org of yours the active one for this session */
    post: operations['postMeOrgSwitch'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Members of the active org */
    get: operations['getMembers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/members/{userId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove a member, or leave the org (your own user id) */
    delete: operations['deleteMembersByUserId'];
    options?: never;
    head?: never;
    /** Change a member's role (admins manage members; only owners grant or take ownership) */
    patch: operations['patchMembersByUserId'];
    trace?: never;
  };
  '/v1/invitations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Pending invitations of the active org */
    get: operations['getInvitations'];
    put?: never;
    /** Invite someone by email (returns the accept link once; it lives 7 days) */
    post: operations['postInvitations'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/invitations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke a pending invitation */
    delete: operations['deleteInvitationsById'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/invitations/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** What an invitation link invites to (org, inviter, role, invited address), before accepting */
    post: operations['postInvitationsPreview'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/invitations/accept': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Accept an invitation addressed to your email; its org becomes active */
    post: operations['postInvitationsAccept'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Active API keys of the org (never the keys themselves) */
    get: operations['getApiKeys'];
    put?: never;
    /** Create an API key (the key is shown once) */
    post: operations['postApiKeys'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an API key (it stops working at once) */
    delete: operations['deleteApiKeysById'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/servers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The org's servers with status, tool count, current version and MCP URL */
    get: operations['getServers'];
    put?: never;
    /** Create a server: validates the spec, stores version 1 and queues its build */
    post: operations['postServers'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/servers/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One server: spec, versions, install snippets, connected-client count */
    get: operations['getServersById'];
    put?: never;
    post?: never;
    /** Delete a server (soft): the runner stops serving it at once; its slug stays taken */
    delete: operations['deleteServersById'];
    options?: never;
    head?: never;
    /** Change name, description, visibility or allowlist */
    patch: operations['patchServersById'];
    trace?: never;
  };
  '/v1/servers/{id}/spec': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Store a new version of the spec and queue its build */
    put: operations['putServersSpec'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/servers/{id}/rollback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Serve an earlier published version again */
    post: operations['postServersRollback'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/servers/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Draft a spec from a description (and optionally an OpenAPI document); stores nothing */
    post: operations['postServersPreview'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/servers/preview/openapi-url': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Fetch an OpenAPI document from a public URL for the wizard (server-side, SSRF-guarded, size- and time-capped); stores nothing */
    post: operations['postServersPreviewOpenapiUrl'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/servers/slug-availability': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether a slug could be used for a new server now (deleted servers keep theirs) */
    get: operations['getServersSlugAvailability'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/servers/spec-validation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Validate a ServerSpec (as create and update would) and list every issue; stores nothing */
    post: operations['postServersSpecValidation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/servers/{id}/calls': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A server's latest tool calls, newest first (tool, status, duration, client; no arguments) */
    get: operations['getServersCalls'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/servers/{id}/latency': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A server's tool calls per hour: calls, errors, error rate and latency p50/p95/p99 */
    get: operations['getServersLatency'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/servers/{id}/upstreams': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A server's upstream sign-ins: the redirect URI to register, whether credentials are set, connected people */
    get: operations['getServersUpstreams'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/servers/{id}/secrets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A server's secrets: names and who changed them when — never values */
    get: operations['getServersSecrets'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/servers/{id}/secrets/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Set a secret (encrypted at rest; the running server picks it up at once) */
    put: operations['putServersSecretsByName'];
    post?: never;
    /** Delete a secret */
    delete: operations['deleteServersSecretsByName'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/builds/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One build: status, current step, error, timings */
    get: operations['getBuildsById'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/servers/{id}/builds': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A server's builds, newest first (at most 50) */
    get: operations['getServersBuilds'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/builds/{id}/logs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Stored log lines of a build after `since` (a seq), oldest first */
    get: operations['getBuildsLogs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/builds/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel a build: a queued one at once, a running one at its next step */
    post: operations['postBuildsCancel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/builds/{id}/ticket': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A single-use, 60-second ticket for the build-log WebSocket */
    post: operations['postBuildsTicket'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/servers/{id}/clients': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Connected clients (live OAuth grants) of a server, newest first */
    get: operations['getServersClients'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/servers/{id}/clients/{grantId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Disconnect a client: its grant and refresh tokens are revoked, live access tokens denylisted */
    delete: operations['deleteServersClientsByGrantId'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/me/connected-accounts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your upstream accounts connected through hosted servers (upstream sign-in) */
    get: operations['getMeConnectedAccounts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/me/connected-accounts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Disconnect an upstream account: revoke it at the provider and forget it */
    delete: operations['deleteMeConnectedAccountsById'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/servers/{id}/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Download a version (default: the live one, else the newest) as a standalone project */
    get: operations['getServersExport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The org's audit events, newest first (cursor-paginated) */
    get: operations['getAudit'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/facets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What the audit log's filters can offer: the actions and named resources in the org's log */
    get: operations['getAuditFacets'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/usage': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Tool calls per server per day this month, and the plan limits */
    get: operations['getUsage'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/diagnose': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Check a remote MCP server’s OAuth discovery step by step (nothing is stored) */
    post: operations['postDiagnose'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/connectors/oauth/callback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Where the remote authorization server sends the sign-in popup back */
    get: operations['getConnectorsOauthCallback'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/connectors/oauth/client-metadata.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The Client ID Metadata Document connectors sign in with (when API_URL is public https) */
    get: operations['getConnectorsOauthClientMetadataJson'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/servers/{id}/try': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Find or create your OAuth connector to one of this org’s hosted servers */
    post: operations['postServersTry'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/connectors/calls': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your last calls through your connectors in this org (at most 20, newest first) */
    get: operations['getConnectorsCalls'];
    put?: never;
    post?: never;
    /** Forget your call history in this org */
    delete: operations['deleteConnectorsCalls'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/connectors/calls/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One past call: its arguments, result (or error) and raw exchange */
    get: operations['getConnectorsCallsById'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/connectors': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your connectors in this org (never their headers or tokens) */
    get: operations['getConnectors'];
    put?: never;
    /** Add a connector (a remote MCP server you call from the platform) */
    post: operations['postConnectors'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/connectors/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One of your connectors */
    get: operations['getConnectorsById'];
    put?: never;
    post?: never;
    /** Remove a connector and everything stored for it (its grant is revoked at the remote when offered) */
    delete: operations['deleteConnectorsById'];
    options?: never;
    head?: never;
    /** Rename a connector or replace its headers */
    patch: operations['patchConnectorsById'];
    trace?: never;
  };
  '/v1/connectors/{id}/oauth/start': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Start an OAuth sign-in: open authorize_url in a popup */
    post: operations['postConnectorsOauthStart'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/connectors/{id}/oauth': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Sign out: revoke the grant at the remote (RFC 7009, when offered) and forget the tokens; the registered client is kept */
    delete: operations['deleteConnectorsOauth'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/connectors/{id}/tools/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** List the remote server’s tools again (tools/list) and keep them */
    post: operations['postConnectorsToolsRefresh'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/connectors/{id}/call': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Call one tool; answers the result, the time it took and the raw JSON-RPC exchange (tokens redacted) */
    post: operations['postConnectorsCall'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/connectors/chat': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether the playground can chat with Claude over a connector’s tools (ANTHROPIC_API_KEY set) */
    get: operations['getConnectorsChat'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/connectors/{id}/chat': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Chat with Claude over the connector’s tools: the answer streams as Server-Sent Events, tool calls included */
    post: operations['postConnectorsChat'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/orgs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Instance admins: every organization with its plan and its usage this month */
    get: operations['getAdminOrgs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/orgs/{id}/plan': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Instance admins: move an organization to another plan (audited in that organization's log) */
    put: operations['putAdminOrgsPlan'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/status/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every service's readiness and error counts per minute over the last hour (public) */
    get: operations['getStatusHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Problem: {
      type: string;
      title: string;
      status: number;
      code: string;
      detail: string;
      fields?: {
        field: string;
        message: string;
      }[];
    } & {
      [key: string]: unknown;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getOpenapiJson: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            [key: string]: unknown;
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postAuthSignup: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          email: string;
          password: string;
          name: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            user: {
              /** Format: uuid */
              id: string;
              email: string;
              name: string;
            };
            org: {
              /** Format: uuid */
              id: string;
              name: string;
              plan: string;
              /** @enum {string} */
              role: 'owner' | 'admin' | 'member';
            };
            verification: {
              sentTo: string;
              /** @enum {string} */
              delivery: 'email' | 'server_log';
            };
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many attempts */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postAuthLogin: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          email: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            user: {
              /** Format: uuid */
              id: string;
              email: string;
              name: string;
            };
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many attempts */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postAuthLogout: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postAuthVerifyEmail: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          token: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            email: string;
            /** @enum {boolean} */
            verified: true;
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many attempts */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postAuthVerifyEmailResend: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            sentTo: string;
            /** @enum {string} */
            delivery: 'email' | 'server_log';
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many attempts */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getMe: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            user: {
              /** Format: uuid */
              id: string;
              email: string;
              name: string;
              emailVerified: boolean;
              instanceAdmin: boolean;
            };
            orgs: {
              /** Format: uuid */
              id: string;
              name: string;
              plan: string;
              /** @enum {string} */
              role: 'owner' | 'admin' | 'member';
            }[];
            activeOrgId: string | null;
            /** @enum {string} */
            emailDelivery: 'email' | 'server_log';
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getMeOrg: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            org: {
              /** Format: uuid */
              id: string;
              name: string;
              plan: string;
              /** Format: date-time */
              createdAt: string;
            };
            /** @enum {string} */
            role: 'owner' | 'admin' | 'member';
            limits: {
              name: string;
              servers: number;
              members: number;
              toolCallsPerMonth: number;
            };
            usage: {
              month: string;
              toolCalls: number;
              servers: number;
              members: number;
            };
            members: {
              /** Format: uuid */
              userId: string;
              email: string;
              name: string;
              /** @enum {string} */
              role: 'owner' | 'admin' | 'member';
              /** Format: date-time */
              joinedAt: string;
            }[];
            encryption: {
              masterKey: boolean;
              keyVersion: number;
              encryptedSecrets: number;
            };
            plans: {
              /** @enum {string} */
              id: 'free' | 'team' | 'self_hosted';
              name: string;
              servers: number;
              members: number;
              toolCallsPerMonth: number;
            }[];
            /** @enum {string} */
            planChange: 'operator' | 'billing_unavailable';
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  patchMeOrg: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            org: {
              /** Format: uuid */
              id: string;
              name: string;
              plan: string;
              /** Format: date-time */
              createdAt: string;
            };
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postMeOrgSwitch: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: uuid */
          orgId: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            activeOrgId: string;
            /** @enum {string} */
            role: 'owner' | 'admin' | 'member';
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getMembers: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            members: {
              /** Format: uuid */
              userId: string;
              email: string;
              name: string;
              /** @enum {string} */
              role: 'owner' | 'admin' | 'member';
              /** Format: date-time */
              joinedAt: string;
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteMembersByUserId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  patchMembersByUserId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          role: 'owner' | 'admin' | 'member';
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            member: {
              /** Format: uuid */
              userId: string;
              email: string;
              name: string;
              /** @enum {string} */
              role: 'owner' | 'admin' | 'member';
              /** Format: date-time */
              joinedAt: string;
            };
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getInvitations: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            invitations: {
              /** Format: uuid */
              id: string;
              email: string;
              /** @enum {string} */
              role: 'owner' | 'admin' | 'member';
              /** Format: uuid */
              invitedBy: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              expiresAt: string;
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postInvitations: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          email: string;
          /** @enum {string} */
          role: 'owner' | 'admin' | 'member';
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            invitation: {
              /** Format: uuid */
              id: string;
              email: string;
              /** @enum {string} */
              role: 'owner' | 'admin' | 'member';
              /** Format: uuid */
              invitedBy: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              expiresAt: string;
            };
            acceptUrl: string;
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteInvitationsById: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postInvitationsPreview: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          token: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            org: {
              name: string;
            };
            invitedBy: {
              name: string;
              email: string;
            };
            /** @enum {string} */
            role: 'owner' | 'admin' | 'member';
            email: string;
            /** Format: date-time */
            expiresAt: string;
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postInvitationsAccept: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          token: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            orgId: string;
            /** @enum {string} */
            role: 'owner' | 'admin' | 'member';
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getApiKeys: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            apiKeys: {
              /** Format: uuid */
              id: string;
              name: string;
              prefix: string;
              /** Format: uuid */
              createdBy: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              lastUsedAt: string | null;
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postApiKeys: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            apiKey: {
              /** Format: uuid */
              id: string;
              name: string;
              prefix: string;
              /** Format: uuid */
              createdBy: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              lastUsedAt: string | null;
            };
            key: string;
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteApiKeysById: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getServers: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            servers: {
              /** Format: uuid */
              id: string;
              slug: string;
              name: string;
              description: string;
              /** @enum {string} */
              visibility: 'org' | 'public' | 'allowlist';
              allowlist: string[];
              /** @enum {string} */
              status: 'building' | 'live' | 'failed' | 'inactive';
              toolCount: number;
              currentVersion: number | null;
              latestVersion: number | null;
              latestBuild: null | {
                /** Format: uuid */
                id: string;
                status: string;
              };
              mcpUrl: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postServers: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          slug: string;
          description?: string;
          spec: {
            [key: string]: unknown;
          };
          secrets?: {
            [key: string]: string;
          };
          /** @enum {string} */
          visibility?: 'org' | 'public' | 'allowlist';
          allowlist?: string[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server: {
              /** Format: uuid */
              id: string;
              slug: string;
              name: string;
              description: string;
              /** @enum {string} */
              visibility: 'org' | 'public' | 'allowlist';
              allowlist: string[];
              /** @enum {string} */
              status: 'building' | 'live' | 'failed' | 'inactive';
              toolCount: number;
              currentVersion: number | null;
              latestVersion: number | null;
              latestBuild: null | {
                /** Format: uuid */
                id: string;
                status: string;
              };
              mcpUrl: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
            build: {
              /** Format: uuid */
              id: string;
              /** Format: uuid */
              serverId: string;
              /** Format: uuid */
              versionId: string;
              version: number;
              /** @enum {string} */
              status: 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';
              currentStep: string | null;
              error: string | null;
              attempts: number;
              /** Format: date-time */
              cancelRequestedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              startedAt: string | null;
              /** Format: date-time */
              finishedAt: string | null;
            };
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getServersById: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server: {
              /** Format: uuid */
              id: string;
              slug: string;
              name: string;
              description: string;
              /** @enum {string} */
              visibility: 'org' | 'public' | 'allowlist';
              allowlist: string[];
              /** @enum {string} */
              status: 'building' | 'live' | 'failed' | 'inactive';
              toolCount: number;
              currentVersion: number | null;
              latestVersion: number | null;
              latestBuild: null | {
                /** Format: uuid */
                id: string;
                status: string;
              };
              mcpUrl: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
            spec: null | {
              [key: string]: unknown;
            };
            versions: {
              /** Format: uuid */
              id: string;
              version: number;
              specHash: string | null;
              /** Format: date-time */
              publishedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              current: boolean;
            }[];
            installSnippets: {
              client: string;
              id: string;
              where: string;
              language: string;
              code: string;
            }[];
            connectedClients: number;
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteServersById: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  patchServersById: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name?: string;
          description?: string;
          /** @enum {string} */
          visibility?: 'org' | 'public' | 'allowlist';
          allowlist?: string[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server: {
              /** Format: uuid */
              id: string;
              slug: string;
              name: string;
              description: string;
              /** @enum {string} */
              visibility: 'org' | 'public' | 'allowlist';
              allowlist: string[];
              /** @enum {string} */
              status: 'building' | 'live' | 'failed' | 'inactive';
              toolCount: number;
              currentVersion: number | null;
              latestVersion: number | null;
              latestBuild: null | {
                /** Format: uuid */
                id: string;
                status: string;
              };
              mcpUrl: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  putServersSpec: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          spec: {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server: {
              /** Format: uuid */
              id: string;
              slug: string;
              name: string;
              description: string;
              /** @enum {string} */
              visibility: 'org' | 'public' | 'allowlist';
              allowlist: string[];
              /** @enum {string} */
              status: 'building' | 'live' | 'failed' | 'inactive';
              toolCount: number;
              currentVersion: number | null;
              latestVersion: number | null;
              latestBuild: null | {
                /** Format: uuid */
                id: string;
                status: string;
              };
              mcpUrl: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
            build: {
              /** Format: uuid */
              id: string;
              /** Format: uuid */
              serverId: string;
              /** Format: uuid */
              versionId: string;
              version: number;
              /** @enum {string} */
              status: 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';
              currentStep: string | null;
              error: string | null;
              attempts: number;
              /** Format: date-time */
              cancelRequestedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              startedAt: string | null;
              /** Format: date-time */
              finishedAt: string | null;
            };
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postServersRollback: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          version: number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server: {
              /** Format: uuid */
              id: string;
              slug: string;
              name: string;
              description: string;
              /** @enum {string} */
              visibility: 'org' | 'public' | 'allowlist';
              allowlist: string[];
              /** @enum {string} */
              status: 'building' | 'live' | 'failed' | 'inactive';
              toolCount: number;
              currentVersion: number | null;
              latestVersion: number | null;
              latestBuild: null | {
                /** Format: uuid */
                id: string;
                status: string;
              };
              mcpUrl: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postServersPreview: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          prompt: string;
          name: string;
          slug: string;
          openapi?: string;
          /** @enum {string} */
          planner?: 'claude' | 'offline';
          /** @description With openapi: keep the operations that mention these words (ignored, with a note, when none does) */
          focus?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            draft: {
              spec: null | {
                [key: string]: unknown;
              };
              /** @enum {string} */
              source: 'claude' | 'openapi' | 'template';
              notes: string[];
              /** @description Per preset upstream: the secret a person may use instead of each user's sign-in (the wizard's switch) */
              personalTokens?: {
                upstreamId: string;
                secret: {
                  name: string;
                  description: string;
                  required: boolean;
                  howToObtain?: string;
                };
                authorization?: string;
              }[];
              /** @description What the prompt asked for that no drafted tool does, in its own words */
              uncovered?: string[];
              suggestions?: {
                id: string;
                name: string;
                description: string;
              }[];
            };
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unprocessable input */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An upstream (the model) failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Temporarily unavailable */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postServersPreviewOpenapiUrl: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          url: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            document: string;
            title: string;
            version: string;
            operations: number;
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unprocessable input */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many attempts */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getServersSlugAvailability: {
    parameters: {
      query: {
        slug: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            slug: string;
            available: boolean;
            /** @enum {string} */
            reason?: 'taken' | 'reserved' | 'invalid';
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postServersSpecValidation: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          spec: {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            ok: boolean;
            issues: {
              path: string;
              message: string;
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many attempts */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getServersCalls: {
    parameters: {
      query?: {
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            calls: {
              id: string;
              tool: string;
              status: string;
              durationMs: number;
              clientId: string | null;
              clientName: string | null;
              traceId: string | null;
              error: string | null;
              /** Format: date-time */
              createdAt: string;
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getServersLatency: {
    parameters: {
      query?: {
        hours?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            hours: number;
            buckets: {
              /** Format: date-time */
              start: string;
              calls: number;
              errors: number;
              errorRate: number;
              p50Ms: number;
              p95Ms: number;
              p99Ms: number;
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getServersUpstreams: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description The one redirect URI of the platform, to register in each OAuth app */
            redirectUri: string;
            upstreams: {
              id: string;
              name: string;
              preset: string | null;
              scopes: string[];
              /** @description Name of the server secret holding the client id */
              clientIdSecret: string;
              /** @description Name of the server secret holding the client secret */
              clientSecretSecret: string | null;
              /** @description The named secrets have values (never returned) */
              credentialsSet: boolean;
              /** @description The operator configured a platform-wide app for the preset */
              platformApp: boolean;
              /** @description People with a live sign-in to this upstream */
              connectedUsers: number;
              /** @description Runs the sign-in for the caller (the "Test sign-in" button) */
              connectUrl: string;
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getServersSecrets: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            secrets: {
              name: string;
              /** Format: date-time */
              updatedAt: string;
              /** Format: uuid */
              updatedBy: string | null;
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  putServersSecretsByName: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          value: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            secret: {
              name: string;
              /** Format: date-time */
              updatedAt: string;
              /** Format: uuid */
              updatedBy: string | null;
            };
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteServersSecretsByName: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getBuildsById: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            build: {
              /** Format: uuid */
              id: string;
              /** Format: uuid */
              serverId: string;
              /** Format: uuid */
              versionId: string;
              version: number;
              /** @enum {string} */
              status: 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';
              currentStep: string | null;
              error: string | null;
              attempts: number;
              /** Format: date-time */
              cancelRequestedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              startedAt: string | null;
              /** Format: date-time */
              finishedAt: string | null;
            };
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getServersBuilds: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            builds: {
              /** Format: uuid */
              id: string;
              /** Format: uuid */
              serverId: string;
              /** Format: uuid */
              versionId: string;
              version: number;
              /** @enum {string} */
              status: 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';
              currentStep: string | null;
              error: string | null;
              attempts: number;
              /** Format: date-time */
              cancelRequestedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              startedAt: string | null;
              /** Format: date-time */
              finishedAt: string | null;
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getBuildsLogs: {
    parameters: {
      query?: {
        since?: number;
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';
            lines: {
              seq: number;
              /** Format: date-time */
              ts: string;
              level: string;
              step: string | null;
              message: string;
            }[];
            nextSince: number;
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postBuildsCancel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            build: {
              /** Format: uuid */
              id: string;
              /** Format: uuid */
              serverId: string;
              /** Format: uuid */
              versionId: string;
              version: number;
              /** @enum {string} */
              status: 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';
              currentStep: string | null;
              error: string | null;
              attempts: number;
              /** Format: date-time */
              cancelRequestedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              startedAt: string | null;
              /** Format: date-time */
              finishedAt: string | null;
            };
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postBuildsTicket: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            url: string;
            ticket: string;
            expiresIn: number;
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getServersClients: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            clients: {
              /** Format: uuid */
              grantId: string;
              clientId: string;
              clientName: string;
              redirectHost: string | null;
              scopes: string[];
              /** Format: uuid */
              userId: string;
              userEmail: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              lastUsedAt: string | null;
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteServersClientsByGrantId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        grantId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getMeConnectedAccounts: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              /** Format: uuid */
              id: string;
              /** Format: uuid */
              serverId: string;
              serverName: string;
              serverSlug: string;
              upstreamId: string;
              upstreamName: string;
              preset: string | null;
              accountLabel: string | null;
              scopes: string[];
              /** Format: date-time */
              connectedAt: string;
              /** Format: date-time */
              expiresAt: string | null;
              /** Format: date-time */
              revokedAt: string | null;
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteMeConnectedAccountsById: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getServersExport: {
    parameters: {
      query?: {
        version?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A .tar.gz of a TypeScript project serving this version with the MCP SDK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/gzip': string;
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unprocessable input */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getAudit: {
    parameters: {
      query?: {
        /** @description One action (`server.update`) or every action under a prefix (`server.*`) */
        action?: string;
        resourceType?: string;
        resourceId?: string;
        actorType?: 'user' | 'api_key' | 'system' | 'oauth_client';
        actorId?: string;
        from?: string;
        to?: string;
        /** @description nextCursor of the previous page */
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            events: {
              id: string;
              /** @enum {string} */
              actorType: 'user' | 'api_key' | 'system' | 'oauth_client';
              actorId: string | null;
              actorLabel: string | null;
              action: string;
              resourceType: string;
              resourceId: string | null;
              /** @description What the resource is called, for servers, connectors, clients, members and API keys */
              resourceName: string | null;
              /** @description The resource is still there (not deleted, revoked or gone from the org) */
              resourceExists: boolean;
              ip: string | null;
              userAgent: string | null;
              metadata: {
                [key: string]: unknown;
              };
              /** Format: date-time */
              createdAt: string;
            }[];
            nextCursor: string | null;
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getAuditFacets: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            actions: string[];
            /** @description The 300 most recently touched servers, connectors, clients, members and API keys */
            resources: {
              type: string;
              id: string;
              name: string | null;
              exists: boolean;
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getUsage: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            month: string;
            plan: string;
            limits: {
              name: string;
              servers: number;
              members: number;
              toolCallsPerMonth: number;
            };
            totals: {
              calls: number;
              errors: number;
            };
            servers: {
              /** Format: uuid */
              serverId: string;
              slug: string;
              name: string;
              calls: number;
              errors: number;
              days: {
                /** Format: date */
                day: string;
                calls: number;
                errors: number;
              }[];
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postDiagnose: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          url: string;
          /** @description Register (and then delete) a throw-away client to prove dynamic registration works. */
          probeRegistration?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            url: string;
            /** Format: date-time */
            checkedAt: string;
            durationMs: number;
            summary: {
              pass: number;
              warn: number;
              fail: number;
              skip: number;
            };
            steps: {
              id: string;
              title: string;
              /** @enum {string} */
              status: 'pass' | 'warn' | 'fail' | 'skip';
              detail: string;
              clause: string;
              evidence: {
                request: string;
                status: number | null;
                headers: {
                  [key: string]: string;
                };
                fields?: {
                  [key: string]: unknown;
                };
                error?: string;
              }[];
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many attempts */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getConnectorsOauthCallback: {
    parameters: {
      query?: {
        code?: string;
        state?: string;
        iss?: string;
        error?: string;
        error_description?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A small HTML page that tells the opener window how the sign-in ended, then closes. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/html': string;
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getConnectorsOauthClientMetadataJson: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            [key: string]: unknown;
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postServersTry: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            connector: {
              /** Format: uuid */
              id: string;
              name: string;
              url: string;
              /** @enum {string} */
              authType: 'none' | 'headers' | 'oauth';
              /** @enum {string} */
              status: 'ready' | 'signin_required' | 'error';
              /** @description OAuth connectors: tokens are stored (never returned). */
              signedIn: boolean;
              /** @description Names only; values are never returned. */
              headerNames: string[];
              lastError: string | null;
              tools:
                | {
                    [key: string]: unknown;
                  }[]
                | null;
              /** Format: date-time */
              toolsRefreshedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
            /** @description A new connector was made for this call. */
            created: boolean;
            /** @description Open oauth/start in a popup before calling tools. */
            signInRequired: boolean;
          };
        };
      };
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            connector: {
              /** Format: uuid */
              id: string;
              name: string;
              url: string;
              /** @enum {string} */
              authType: 'none' | 'headers' | 'oauth';
              /** @enum {string} */
              status: 'ready' | 'signin_required' | 'error';
              /** @description OAuth connectors: tokens are stored (never returned). */
              signedIn: boolean;
              /** @description Names only; values are never returned. */
              headerNames: string[];
              lastError: string | null;
              tools:
                | {
                    [key: string]: unknown;
                  }[]
                | null;
              /** Format: date-time */
              toolsRefreshedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
            /** @description A new connector was made for this call. */
            created: boolean;
            /** @description Open oauth/start in a popup before calling tools. */
            signInRequired: boolean;
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getConnectorsCalls: {
    parameters: {
      query?: {
        connectorId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            calls: {
              /** Format: uuid */
              id: string;
              /** Format: uuid */
              connectorId: string;
              connectorName: string;
              tool: string;
              /** @enum {string} */
              outcome: 'ok' | 'tool_error' | 'failed';
              durationMs: number;
              /** Format: date-time */
              createdAt: string;
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteConnectorsCalls: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getConnectorsCallsById: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            call: {
              /** Format: uuid */
              id: string;
              /** Format: uuid */
              connectorId: string;
              connectorName: string;
              tool: string;
              /** @enum {string} */
              outcome: 'ok' | 'tool_error' | 'failed';
              durationMs: number;
              /** Format: date-time */
              createdAt: string;
              arguments: {
                [key: string]: unknown;
              };
              result: {
                [key: string]: unknown;
              } | null;
              error: {
                code?: string;
                detail?: string;
              } | null;
              exchanges: {
                method: string;
                url: string;
                status: number | null;
                requestHeaders: {
                  [key: string]: string;
                };
                request: unknown;
                responseHeaders: {
                  [key: string]: string;
                };
                response: unknown;
              }[];
              /** @description The result or the exchange was too large to keep. */
              truncated: boolean;
            };
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getConnectors: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            connectors: {
              /** Format: uuid */
              id: string;
              name: string;
              url: string;
              /** @enum {string} */
              authType: 'none' | 'headers' | 'oauth';
              /** @enum {string} */
              status: 'ready' | 'signin_required' | 'error';
              /** @description OAuth connectors: tokens are stored (never returned). */
              signedIn: boolean;
              /** @description Names only; values are never returned. */
              headerNames: string[];
              lastError: string | null;
              tools:
                | {
                    [key: string]: unknown;
                  }[]
                | null;
              /** Format: date-time */
              toolsRefreshedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postConnectors: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          url: string;
          /** @enum {string} */
          authType: 'none' | 'headers' | 'oauth';
          headers?: {
            [key: string]: string;
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            connector: {
              /** Format: uuid */
              id: string;
              name: string;
              url: string;
              /** @enum {string} */
              authType: 'none' | 'headers' | 'oauth';
              /** @enum {string} */
              status: 'ready' | 'signin_required' | 'error';
              /** @description OAuth connectors: tokens are stored (never returned). */
              signedIn: boolean;
              /** @description Names only; values are never returned. */
              headerNames: string[];
              lastError: string | null;
              tools:
                | {
                    [key: string]: unknown;
                  }[]
                | null;
              /** Format: date-time */
              toolsRefreshedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getConnectorsById: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            connector: {
              /** Format: uuid */
              id: string;
              name: string;
              url: string;
              /** @enum {string} */
              authType: 'none' | 'headers' | 'oauth';
              /** @enum {string} */
              status: 'ready' | 'signin_required' | 'error';
              /** @description OAuth connectors: tokens are stored (never returned). */
              signedIn: boolean;
              /** @description Names only; values are never returned. */
              headerNames: string[];
              lastError: string | null;
              tools:
                | {
                    [key: string]: unknown;
                  }[]
                | null;
              /** Format: date-time */
              toolsRefreshedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteConnectorsById: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  patchConnectorsById: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name?: string;
          headers?: {
            [key: string]: string;
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            connector: {
              /** Format: uuid */
              id: string;
              name: string;
              url: string;
              /** @enum {string} */
              authType: 'none' | 'headers' | 'oauth';
              /** @enum {string} */
              status: 'ready' | 'signin_required' | 'error';
              /** @description OAuth connectors: tokens are stored (never returned). */
              signedIn: boolean;
              /** @description Names only; values are never returned. */
              headerNames: string[];
              lastError: string | null;
              tools:
                | {
                    [key: string]: unknown;
                  }[]
                | null;
              /** Format: date-time */
              toolsRefreshedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postConnectorsOauthStart: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            authorize_url: string;
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An upstream (the model) failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteConnectorsOauth: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            connector: {
              /** Format: uuid */
              id: string;
              name: string;
              url: string;
              /** @enum {string} */
              authType: 'none' | 'headers' | 'oauth';
              /** @enum {string} */
              status: 'ready' | 'signin_required' | 'error';
              /** @description OAuth connectors: tokens are stored (never returned). */
              signedIn: boolean;
              /** @description Names only; values are never returned. */
              headerNames: string[];
              lastError: string | null;
              tools:
                | {
                    [key: string]: unknown;
                  }[]
                | null;
              /** Format: date-time */
              toolsRefreshedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postConnectorsToolsRefresh: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            connector: {
              /** Format: uuid */
              id: string;
              name: string;
              url: string;
              /** @enum {string} */
              authType: 'none' | 'headers' | 'oauth';
              /** @enum {string} */
              status: 'ready' | 'signin_required' | 'error';
              /** @description OAuth connectors: tokens are stored (never returned). */
              signedIn: boolean;
              /** @description Names only; values are never returned. */
              headerNames: string[];
              lastError: string | null;
              tools:
                | {
                    [key: string]: unknown;
                  }[]
                | null;
              /** Format: date-time */
              toolsRefreshedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An upstream (the model) failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postConnectorsCall: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          tool: string;
          arguments?: {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            result: {
              [key: string]: unknown;
            };
            durationMs: number;
            exchanges: {
              method: string;
              url: string;
              status: number | null;
              requestHeaders: {
                [key: string]: string;
              };
              request: unknown;
              responseHeaders: {
                [key: string]: string;
              };
              response: unknown;
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An upstream (the model) failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getConnectorsChat: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            available: boolean;
            /** @description Why chat is off (no ANTHROPIC_API_KEY). */
            reason?: string;
            model?: string;
            maxToolRounds?: number;
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postConnectorsChat: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          messages: {
            /** @enum {string} */
            role: 'user' | 'assistant';
            content:
              | (
                  | {
                      /** @enum {unknown} */
                      type: 'text';
                      text: string;
                    }
                  | {
                      /** @enum {unknown} */
                      type: 'tool_use';
                      id: string;
                      name: string;
                      input: {
                        [key: string]: unknown;
                      };
                    }
                  | {
                      /** @enum {unknown} */
                      type: 'tool_result';
                      tool_use_id: string;
                      content?:
                        | {
                            /** @enum {unknown} */
                            type: 'text';
                            text: string;
                          }[]
                        | string;
                      is_error?: boolean;
                    }
                )[]
              | string;
          }[];
        };
      };
    };
    responses: {
      /**
       * @description Server-Sent Events: `text` {delta}; `tool_use` {id, name, input}; `tool_result` {id, name,
       *     isError, durationMs, result}; then `done` {messages, stopReason, toolRounds, notice?} or `error` {code, message,
       *     messages} — `messages` is the conversation to send with the next turn.
       */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': string;
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many attempts */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getAdminOrgs: {
    parameters: {
      query?: {
        q?: string;
        limit?: number;
        offset?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            month: string;
            /** @enum {string} */
            defaultPlan: 'free' | 'team' | 'self_hosted';
            plans: {
              /** @enum {string} */
              id: 'free' | 'team' | 'self_hosted';
              name: string;
              servers: number;
              members: number;
              toolCallsPerMonth: number;
            }[];
            total: number;
            orgs: {
              /** Format: uuid */
              id: string;
              name: string;
              plan: string;
              limits: {
                name: string;
                servers: number;
                members: number;
                toolCallsPerMonth: number;
              };
              ownerEmail: string | null;
              /** Format: date-time */
              createdAt: string;
              usage: {
                toolCalls: number;
                servers: number;
                members: number;
              };
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  putAdminOrgsPlan: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          plan: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            plan: 'free' | 'team' | 'self_hosted';
            previousPlan: string;
            changed: boolean;
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or unknown API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not allowed (role, CSRF, plan limit) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in your org */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A path segment is too long */
      414: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body has an unsupported Content-Type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getStatusHistory: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            from: string;
            minutes: number;
            services: {
              id: string;
              name: string;
              requests: number;
              errors: number;
              history: {
                /** Format: date-time */
                at: string;
                /** @enum {string|null} */
                state: 'up' | 'degraded' | 'down' | null;
                requests: number;
                errors: number;
              }[];
            }[];
          };
        };
      };
      /** @description Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many attempts */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
}
