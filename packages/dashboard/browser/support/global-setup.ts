import type { TestProject } from 'vitest/node';
import { startDemoServer, type Credential } from './demo-server.js';

/** What every browser test file gets: one `npm start` demo, started once for the whole project. */
export interface BrowserTestDemo {
  url: string;
  signInLink: string;
  dataDir: string;
  admin: Credential;
  reader: Credential;
}

declare module 'vitest' {
  export interface ProvidedContext {
    demo: BrowserTestDemo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const demo = await startDemoServer();
  project.provide('demo', { url: demo.url, signInLink: demo.signInLink, dataDir: demo.dataDir, admin: demo.admin, reader: demo.reader });
  return () => demo.stop();
}
