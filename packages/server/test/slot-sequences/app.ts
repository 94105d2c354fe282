import type { AuthSettings } from '../../src/plugins/auth.js';
import { createTestApp, type TestApp } from '../support/app.js';

/** The test app; on the PostgreSQL run, a fresh PostgreSQL database (see support/test-database.ts). */
export function startApp(options: { now?: number; auth?: AuthSettings } = {}): Promise<TestApp> {
  return createTestApp(options);
}
