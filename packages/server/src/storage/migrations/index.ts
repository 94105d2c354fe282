import type { Migration } from 'kysely';
import * as init from './0001_init.js';
import * as serverState from './0002_server_state.js';
import * as readPaths from './0003_read_paths.js';
import * as alerts from './0004_alerts.js';
import * as uiSessions from './0005_ui_sessions.js';
import * as metricHistory from './0006_metric_history.js';
import * as metricRules from './0007_metric_rules.js';
import * as openLineage from './0008_openlineage.js';
import * as statusPageIndexes from './0009_status_page_indexes.js';
import * as metricPoints from './0010_metric_points.js';
import * as slotTotal from './0011_slot_total.js';
import * as sequenceStats from './0012_sequence_stats.js';

/** Every migration, in order; a static record so bundling and packaging cannot lose one. */
export const migrations: Record<string, Migration> = {
  '0001_init': init,
  '0002_server_state': serverState,
  '0003_read_paths': readPaths,
  '0004_alerts': alerts,
  '0005_ui_sessions': uiSessions,
  '0006_metric_history': metricHistory,
  '0007_metric_rules': metricRules,
  '0008_openlineage': openLineage,
  '0009_status_page_indexes': statusPageIndexes,
  '0010_metric_points': metricPoints,
  '0011_slot_total': slotTotal,
  '0012_sequence_stats': sequenceStats,
};
