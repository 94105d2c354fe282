import { defineConfig } from 'vite';

// A static build served by luco-server under /ui/ with a strict CSP (no inline script or style:
// test/csp.test.ts). Assets are never inlined as data: URLs; the modulepreload polyfill is left
// out, as every browser the dashboard supports has modulepreload.
// `npx vite` in this folder serves the app with hot reload and passes API calls to a running
// luco-server (LUCO_DEV_API, default http://127.0.0.1:8080), so the session cookie stays same-origin.
const api = process.env['LUCO_DEV_API'] ?? 'http://127.0.0.1:8080';
const proxied = ['/lucots', '/v2', '/slots', '/slotsequences', '/oauth2', '/healthz'];

export default defineConfig({
  base: '/ui/',
  server: { proxy: Object.fromEntries(proxied.map((path) => [path, { target: api, changeOrigin: false }])) },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
});
