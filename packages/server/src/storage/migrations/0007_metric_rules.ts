import { type Kysely, PostgresAdapter } from 'kysely';
import { idColumn } from './0001_init.js';

/**
 * Metric anomaly rules (docs/anomaly-rules.md, docs/decisions/0009-anomaly-rules.md):
 * - `metric_rules`: a sequence filter, a metric and stage, an action, and one kind (bounds,
 *   change, seasonal) with its settings as JSON.
 * - `metric_verdicts`: one verdict per rule and submission (a unique index; re-evaluating
 *   replaces it), with the expected band, and the quality record that shows it as a check
 *   (`quality_result_id`, replaced with it). Verdicts go with their submission; a deleted rule
 *   takes its verdicts with it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(db.getExecutor().adapter instanceof PostgresAdapter);

  await db.schema
    .createTable('metric_rules')
    .addColumn('id', ...id)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('filter_json', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('stage', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('settings_json', 'text', (c) => c.notNull())
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .addColumn('updated_on', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('metric_verdicts')
    .addColumn('id', ...id)
    .addColumn('rule_id', 'integer', (c) => c.notNull().references('metric_rules.id').onDelete('cascade'))
    .addColumn('slot_id', 'integer', (c) => c.notNull().references('slots.id').onDelete('cascade'))
    .addColumn('submission_id', 'integer', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('stage', 'text')
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('lower', 'double precision')
    .addColumn('upper', 'double precision')
    .addColumn('center', 'double precision')
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('history_size', 'integer', (c) => c.notNull())
    .addColumn('quality_result_id', 'integer', (c) => c.references('quality_results.id').onDelete('set null'))
    .addColumn('evaluated_on', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('metric_verdicts_rule_submission').on('metric_verdicts').columns(['rule_id', 'submission_id']).unique().execute();
  await db.schema.createIndex('metric_verdicts_submission').on('metric_verdicts').columns(['submission_id', 'id']).execute();
  await db.schema.createIndex('metric_verdicts_slot').on('metric_verdicts').columns(['slot_id', 'id']).execute();
  await db.schema.createIndex('metric_verdicts_rule').on('metric_verdicts').columns(['rule_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('metric_verdicts').ifExists().execute();
  await db.schema.dropTable('metric_rules').ifExists().execute();
}
