import type { Kysely } from 'kysely';
import type { KeyEncryptionKeys } from '../../../auth/key-encryption.js';
import { type AlertChannel, type ChannelSettings, joinSecrets, splitSecrets } from '../../../domain/alerts/channel.js';
import type { AlertChannelsTable, Database } from '../../schema.js';

type ChannelRow = Omit<AlertChannelsTable, 'id'> & { id: number };

/** The associated data a channel's sealed secrets are bound to: moved to another row, they do not open. */
const sealLabel = (id: number) => `alert-channel:${id}`;

/**
 * Alert channels. Their secrets (URLs with tokens, signing secrets, SMTP passwords) are sealed with
 * the key-encryption key before they reach the database, and opened only to send.
 */
export class AlertChannelRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly keys: KeyEncryptionKeys,
  ) {}

  async insert(channel: { name: string; enabled: boolean; settings: ChannelSettings }, now: number): Promise<AlertChannel> {
    const { config, secrets } = splitSecrets(channel.settings);
    const row = await this.db
      .insertInto('alert_channels')
      .values({ name: channel.name, type: channel.settings.type, config_json: JSON.stringify(config), secrets_sealed: '', enabled: channel.enabled ? 1 : 0, created_on: now, updated_on: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.db.updateTable('alert_channels').set({ secrets_sealed: this.#seal(row.id, secrets) }).where('id', '=', row.id).execute();
    return { id: row.id, name: channel.name, enabled: channel.enabled, settings: channel.settings, createdOn: now, updatedOn: now };
  }

  async update(id: number, channel: { name: string; enabled: boolean; settings: ChannelSettings }, now: number): Promise<boolean> {
    const { config, secrets } = splitSecrets(channel.settings);
    const result = await this.db
      .updateTable('alert_channels')
      .set({ name: channel.name, type: channel.settings.type, config_json: JSON.stringify(config), secrets_sealed: this.#seal(id, secrets), enabled: channel.enabled ? 1 : 0, updated_on: now })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('alert_channels').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** A channel with its secrets opened (to send, or to merge an update that leaves a secret out). */
  async find(id: number): Promise<AlertChannel | undefined> {
    const row = await this.db.selectFrom('alert_channels').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.#toChannel(row) : undefined;
  }

  async findByName(name: string): Promise<AlertChannel | undefined> {
    const row = await this.db.selectFrom('alert_channels').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? this.#toChannel(row) : undefined;
  }

  async list(): Promise<AlertChannel[]> {
    const rows = await this.db.selectFrom('alert_channels').selectAll().orderBy('id').execute();
    return rows.map((row) => this.#toChannel(row));
  }

  /** Which of these ids exist. */
  async existing(ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('alert_channels').select('id').where('id', 'in', [...ids]).execute();
    return rows.map((row) => row.id);
  }

  #seal(id: number, secrets: Record<string, unknown>): string {
    return this.keys.seal(sealLabel(id), new TextEncoder().encode(JSON.stringify(secrets)));
  }

  #toChannel(row: ChannelRow): AlertChannel {
    const opened = this.keys.open(sealLabel(row.id), row.secrets_sealed);
    const secrets = JSON.parse(new TextDecoder().decode(opened.secret)) as Record<string, unknown>;
    return {
      id: row.id,
      name: row.name,
      enabled: row.enabled === 1,
      settings: joinSecrets(JSON.parse(row.config_json) as Record<string, unknown>, secrets),
      createdOn: Number(row.created_on),
      updatedOn: Number(row.updated_on),
    };
  }
}
