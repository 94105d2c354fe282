import type { Kysely } from 'kysely';
import { fillMetricPoints } from '../repositories/metric-points.js';

/**
 * The metric series' points (storage/repositories/metric-points.ts, decision 0015): per slot,
 * metric and stage, the latest value of the slot's latest completed submission, with the slot's
 * time and tag. `metric_points_series` makes a sequence's series of one metric and stage one index
 * range in slot-time order. Filled here from the rows already stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('metric_points')
    .addColumn('slot_id', 'integer', (c) => c.notNull().references('slots.id').onDelete('cascade'))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('has_stage', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('slot_sequence_id', 'integer', (c) => c.notNull())
    .addColumn('slot_time', 'bigint', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('expected_by', 'bigint')
    .addColumn('submission_id', 'integer', (c) => c.notNull())
    .addColumn('has_failures', 'integer', (c) => c.notNull())
    .addColumn('metric_id', 'integer', (c) => c.notNull())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('recorded_on', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_points_pkey', ['slot_id', 'metric', 'has_stage', 'stage'])
    .execute();
  await db.schema.createIndex('metric_points_series').on('metric_points').columns(['slot_sequence_id', 'metric', 'has_stage', 'stage', 'slot_time', 'slot_id']).execute();
  await fillMetricPoints(undefined).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('metric_points').ifExists().execute();
}
