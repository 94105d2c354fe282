import type { Kysely } from 'kysely';

/**
 * When a webhook channel's signing secrets last changed (epoch ms; null for other channel types).
 * The secrets themselves are write-only, so this, with their count, is what the API shows of them:
 * enough to tell whether a rotation happened, nothing that helps guess a secret.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('alert_channels').addColumn('signing_secrets_rotated_on', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('alert_channels').dropColumn('signing_secrets_rotated_on').execute();
}
