import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';

/**
 * What the alerts API reads and writes about channels beside AlertChannelRepository: when a
 * webhook's secrets changed, channel names without opening their secrets, and which rules use a
 * channel.
 */
export class ChannelAdminRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async setRotatedOn(channelId: number, rotatedOn: number | null): Promise<void> {
    await this.db.updateTable('alert_channels').set({ signing_secrets_rotated_on: rotatedOn }).where('id', '=', channelId).execute();
  }

  /** When each channel's signing secrets last changed (null when never, or not a webhook). */
  async rotatedOn(channelIds: readonly number[]): Promise<Map<number, number | null>> {
    if (channelIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('alert_channels').select(['id', 'signing_secrets_rotated_on']).where('id', 'in', [...channelIds]).execute();
    return new Map(rows.map((row) => [row.id, row.signing_secrets_rotated_on === null ? null : Number(row.signing_secrets_rotated_on)]));
  }

  /** Id, name and type of these channels (the secrets stay sealed). */
  async summaries(channelIds: readonly number[]): Promise<Map<number, { name: string; type: string }>> {
    if (channelIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('alert_channels').select(['id', 'name', 'type']).where('id', 'in', [...channelIds]).execute();
    return new Map(rows.map((row) => [row.id, { name: row.name, type: row.type }]));
  }

  /** The rules that notify this channel, by id. */
  async rulesUsing(channelId: number): Promise<Array<{ id: number; name: string }>> {
    return this.db
      .selectFrom('alert_rule_channels')
      .innerJoin('alert_rules', 'alert_rules.id', 'alert_rule_channels.rule_id')
      .select(['alert_rules.id', 'alert_rules.name'])
      .where('alert_rule_channels.channel_id', '=', channelId)
      .orderBy('alert_rules.id')
      .execute();
  }
}
