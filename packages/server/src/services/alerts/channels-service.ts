import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { AlertChannel } from '../../domain/alerts/channel.js';
import { conflict, notFound } from '../../errors.js';
import type { ChannelBodyInput } from '../../schemas/alerts-channels.js';
import { AlertChannelRepository } from '../../storage/repositories/alerts/channels.js';
import { ChannelAdminRepository } from '../../storage/repositories/alerts/channel-admin.js';
import type { Database } from '../../storage/schema.js';
import { isUniqueViolation } from '../../storage/unique-violation.js';
import { InputError } from '../../wire/input-error.js';
import { type ChannelInput, readChannelInput } from './channel-input.js';
import { type ChannelViewBody, toChannelView } from './channel-views.js';
import type { AlertDeliveryHooks, ChannelTestOutcome } from './delivery-hooks.js';

/**
 * Alert channels for the admin API. A write is checked in two steps: `prepare` (outside the
 * write's transaction: it may resolve host names) reads the body, merges it with the stored
 * secrets and runs the delivery side's target check; then the write stores it.
 */
export class AlertChannelService {
  constructor(
    private readonly ctx: AppContext,
    private readonly hooks: AlertDeliveryHooks,
  ) {}

  async list(): Promise<ChannelViewBody[]> {
    const channels = await this.#channels(this.ctx.db).list();
    const rotated = await new ChannelAdminRepository(this.ctx.db).rotatedOn(channels.map((channel) => channel.id));
    return channels.map((channel) => toChannelView(channel, rotated.get(channel.id) ?? null));
  }

  async get(channelId: number): Promise<ChannelViewBody> {
    return this.#view(this.ctx.db, await this.#stored(this.ctx.db, channelId));
  }

  /** The body read and checked, with the target check of the delivery side: a 400 naming every bad field. */
  async prepare(body: ChannelBodyInput, channelId?: number): Promise<ChannelInput> {
    const stored = channelId === undefined ? undefined : await this.#stored(this.ctx.db, channelId);
    const input = readChannelInput(body, stored);
    const problems = await this.hooks.checkChannel(input.settings);
    if (problems.length > 0) throw new InputError(problems);
    return input;
  }

  async create(trx: Kysely<Database>, input: ChannelInput): Promise<{ view: ChannelViewBody; generatedSecret: string | undefined }> {
    const now = this.ctx.now();
    await this.#nameIsFree(trx, input.name);
    const channel = await this.#unique(input.name, () => this.#channels(trx).insert({ name: input.name, enabled: input.enabled, settings: input.settings }, now));
    const rotatedOn = input.settings.type === 'webhook' ? now : null;
    await new ChannelAdminRepository(trx).setRotatedOn(channel.id, rotatedOn);
    await this.#changed(trx);
    return { view: toChannelView(channel, rotatedOn), generatedSecret: input.generatedSecret };
  }

  /**
   * Replaces a channel's settings. The body is merged again with what is stored now (another
   * update may have committed since `prepare`): secrets it leaves out keep their values.
   */
  async update(trx: Kysely<Database>, channelId: number, body: ChannelBodyInput): Promise<ChannelViewBody> {
    const now = this.ctx.now();
    const stored = await this.#stored(trx, channelId);
    const input = readChannelInput(body, stored);
    await this.#nameIsFree(trx, input.name, channelId);
    await this.#unique(input.name, () => this.#channels(trx).update(channelId, { name: input.name, enabled: input.enabled, settings: input.settings }, now));
    if (input.secretsChanged) await new ChannelAdminRepository(trx).setRotatedOn(channelId, now);
    await this.#changed(trx);
    return this.#view(trx, await this.#stored(trx, channelId));
  }

  /** Deletes a channel no rule uses (its notifications and their log go with it). */
  async delete(trx: Kysely<Database>, channelId: number): Promise<void> {
    await this.#stored(trx, channelId);
    const rules = await new ChannelAdminRepository(trx).rulesUsing(channelId);
    if (rules.length > 0) {
      const names = rules.map((rule) => `${rule.id} (${JSON.stringify(rule.name)})`).join(', ');
      throw conflict(`Channel ${channelId} is used by rule${rules.length === 1 ? '' : 's'} ${names}; take it out of ${rules.length === 1 ? 'that rule' : 'those rules'} first`, { ruleIds: rules.map((rule) => rule.id) });
    }
    await this.#channels(trx).delete(channelId);
    await this.#changed(trx);
  }

  /** Sends a test notification through the delivery side and says how its attempt went. */
  async test(channelId: number): Promise<ChannelTestOutcome> {
    const channel = await this.#stored(this.ctx.db, channelId);
    return this.hooks.sendTest(this.ctx, { id: channel.id, name: channel.name });
  }

  /** Senders keep channels between sends: they drop them when told (after the commit) that one changed. */
  async #changed(trx: Kysely<Database>): Promise<void> {
    await this.ctx.changes.publish(trx, { topic: 'channels' });
  }

  async #view(db: Kysely<Database>, channel: AlertChannel): Promise<ChannelViewBody> {
    const rotated = await new ChannelAdminRepository(db).rotatedOn([channel.id]);
    return toChannelView(channel, rotated.get(channel.id) ?? null);
  }

  async #stored(db: Kysely<Database>, channelId: number): Promise<AlertChannel> {
    const channel = await this.#channels(db).find(channelId);
    if (!channel) throw notFound(`No alert channel with id ${channelId}`);
    return channel;
  }

  async #nameIsFree(db: Kysely<Database>, name: string, except?: number): Promise<void> {
    const existing = await this.#channels(db).findByName(name);
    if (existing && existing.id !== except) throw duplicateName(name, existing.id);
  }

  /** A name taken by another instance's write between our check and our insert is the same 409. */
  async #unique<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateName(name);
      throw error;
    }
  }

  #channels(db: Kysely<Database>): AlertChannelRepository {
    return new AlertChannelRepository(db, this.ctx.keyEncryption);
  }
}

function duplicateName(name: string, existingId?: number) {
  return conflict(`An alert channel named ${JSON.stringify(name)} already exists${existingId === undefined ? '' : ` (id ${existingId})`}; channel names are unique`, {
    errors: [{ field: 'name', message: 'is taken by another channel' }],
  });
}

