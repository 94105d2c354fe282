import type { AppContext, LucoApp } from '../../context.js';
import type { AlertDeliveryHooks } from '../../services/alerts/delivery-hooks.js';
import { alertReadRoutes } from './alerts.js';
import { alertChannelRoutes } from './channels.js';
import { alertRuleRoutes } from './rules.js';

/** The alerts API, a LucoTS extension under /lucots/v1/: channels and rules (admin), alerts (readers). */
export async function alertRoutes(app: LucoApp, ctx: AppContext, hooks: AlertDeliveryHooks): Promise<void> {
  await alertChannelRoutes(app, ctx, hooks);
  await alertRuleRoutes(app, ctx);
  await alertReadRoutes(app, ctx);
}
