import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web client (src/client) builds to dist/client, which the server serves
 * at /. JSX needs no plugin: Vite's transform reads jsx=react-jsx and
 * jsxImportSource=preact from src/client/tsconfig.json. Paths are absolute so a build
 * started from any directory lands in the same place.
 */
export default defineConfig({
  root: fileURLToPath(new URL('src/client', import.meta.url)),
  // Absolute, so a deep address (/r/5/120) loads /assets/…, not /r/5/assets/….
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('dist/client', import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: {
      // The service worker is an entry of its own at a fixed address, /sw.js: its scope is the folder it is
      // served from, so it must sit at the root, and a hashed name would make every build a new worker.
      input: {
        main: fileURLToPath(new URL('src/client/index.html', import.meta.url)),
        sw: fileURLToPath(new URL('src/client/sw.ts', import.meta.url)),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    // `npm run dev:client` beside `npm start`: the proxy keeps the browser's Host header, so the server's Origin
    // check passes. A RegExp key, because a plain '/connect' prefix would also swallow /connection.ts.
    proxy: { '^/connect$': { target: 'ws://127.0.0.1:8080', ws: true } },
  },
});
