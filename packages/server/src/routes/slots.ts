import type { AppContext, LucoApp } from '../context.js';

/** Placeholder: filled in by the routes issue work. */
export async function slotRoutes(_app: LucoApp, _ctx: AppContext): Promise<void> {}
