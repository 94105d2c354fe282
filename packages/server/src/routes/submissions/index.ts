import type { AppContext, LucoApp } from '../../context.js';
import { metricRoutes } from './metrics.js';
import { qualityRoutes } from './quality.js';
import { runEnvironmentRoutes } from './run-environments.js';
import { submissionSearchRoutes } from './search.js';
import { statusRoutes } from './status.js';
import { submissionResourceRoutes } from './submissions.js';

/**
 * Submissions and what is recorded on them (status, metrics, quality, run environments), plus the
 * two submission searches. Registered in this order, which is the order of the OpenAPI document.
 */
export async function submissionRoutes(app: LucoApp, ctx: AppContext): Promise<void> {
  await submissionResourceRoutes(app, ctx);
  await statusRoutes(app, ctx);
  await metricRoutes(app, ctx);
  await qualityRoutes(app, ctx);
  await runEnvironmentRoutes(app, ctx);
  await submissionSearchRoutes(app, ctx);
}
