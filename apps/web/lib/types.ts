/**
 * Names for the api's answers the pages pass around, all taken from `api-types.ts` (generated from
 * the api's OpenAPI document, `pnpm gen:api-types`): nothing here is written by hand.
 */
import type { Answer } from './api';

export type Me = Answer<'/v1/me'>;
export type Role = Me['orgs'][number]['role'];
export type ServerSummary = Answer<'/v1/servers'>['servers'][number];
export type ServerDetail = Answer<'/v1/servers/{id}'>;
export type ServerVersion = ServerDetail['versions'][number];
export type InstallSnippet = ServerDetail['installSnippets'][number];
export type ServerSpec = NonNullable<ServerDetail['spec']>;
export type Build = Answer<'/v1/servers/{id}/builds'>['builds'][number];
