#!/usr/bin/env node
// Puts the dashboard's build (packages/dashboard/dist) into this package's dist/ui, where
// luco-server serves it from by default: the server package then ships the UI with no other
// package needed at run time. Without a dashboard build it says so and the server answers /ui/
// with a page that explains how to build it.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(serverRoot, '..', 'dashboard', 'dist');
const target = join(serverRoot, 'dist', 'ui');

rmSync(target, { recursive: true, force: true });
if (!existsSync(join(built, 'index.html'))) {
  console.warn(`copy-dashboard: no dashboard build in ${built} (run npm run build at the repository root); /ui/ will say so`);
  process.exit(0);
}
cpSync(built, target, { recursive: true });
