import { randomUUID } from 'node:crypto';
import { randomToken, sha256 } from '@bmm/crypto';
import type { Db, OAuthInteractionRow, OAuthInteractionsTable } from '@bmm/db';
import { InvalidRequest } from '@bmm/oauth';
import { type Insertable, sql } from 'kysely';
import { CODE_TTL_MS } from '../lifetimes.js';

const notFound = () =>
  new InvalidRequest(
    'This authorization request is unknown, already answered or expired. Start again from the app.',
    404,
  );

/** An open (unanswered, unexpired) interaction, or a 404 invalid_request. */
export async function loadOpenInteraction(db: Db, id: string): Promise<OAuthInteractionRow> {
  const row = id.length > 100 ? undefined : await findOpenInteraction(db, id);
  if (!row) throw notFound();
  return row;
}

export async function insertInteraction(
  db: Db,
  interaction: Insertable<OAuthInteractionsTable>,
): Promise<void> {
  await db.insertInto('oauth_interactions').values(interaction).execute();
}

/** An interaction by id, whatever its state (an upstream sign-in that failed ends it). */
export async function findInteraction(db: Db, id: string): Promise<OAuthInteractionRow | undefined> {
  return await db.selectFrom('oauth_interactions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An open (unanswered, unexpired) interaction, or undefined. */
export async function findOpenInteraction(db: Db, id: string): Promise<OAuthInteractionRow | undefined> {
  return await db
    .selectFrom('oauth_interactions')
    .selectAll()
    .where('id', '=', id)
    .where('completed_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
}

/** Marks the interaction answered; only one answer ever wins. */
export async function completeInteraction(db: Db, id: string): Promise<OAuthInteractionRow> {
  const row = await db
    .updateTable('oauth_interactions')
    .set({ completed_at: sql`now()` })
    .where('id', '=', id)
    .where('completed_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** Records consent (widening an existing grant's scopes) and issues a single-use 60 s code. */
export async function grantAndIssueCode(
  trx: Db,
  interaction: OAuthInteractionRow,
  userId: string,
): Promise<{ code: string; grantId: string; created: boolean }> {
  // One live grant per user × client × server (partial unique index); a concurrent approval widens it.
  const grant = await trx
    .insertInto('oauth_grants')
    .values({
      user_id: userId,
      client_id: interaction.client_id,
      server_id: interaction.server_id,
      scopes: interaction.scopes,
    })
    .onConflict((oc) =>
      oc.columns(['user_id', 'client_id', 'server_id']).where('revoked_at', 'is', null).doUpdateSet({
        scopes: sql`array(select distinct s from unnest(oauth_grants.scopes || excluded.scopes) as s order by s)`,
      }),
    )
    .returning(['id', sql<boolean>`(xmax = 0)`.as('created')])
    .executeTakeFirstOrThrow();
  const grantId = grant.id;
  const code = randomToken('bmm_ac_');
  await trx
    .insertInto('oauth_codes')
    .values({
      code_hash: sha256(code),
      grant_id: grantId,
      client_id: interaction.client_id,
      user_id: userId,
      redirect_uri: interaction.redirect_uri,
      code_challenge: interaction.code_challenge,
      resource: interaction.resource,
      scopes: interaction.scopes,
      family_id: randomUUID(),
      expires_at: new Date(Date.now() + CODE_TTL_MS),
    })
    .execute();
  return { code, grantId, created: grant.created };
}
