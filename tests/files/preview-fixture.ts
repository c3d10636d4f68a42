import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pngFile } from './file-fixtures.js';

export interface PreviewFixture {
  port: number;
  /** Requests received, by path. */
  hits: string[];
  /** Bytes of the 10 MiB page actually written before the client hung up. */
  bigPageWritten(): number;
  close(): Promise<void>;
}

const PAGE = (port: number) => `<!doctype html><html><head>
<meta charset="utf-8">
<title>Fallback title</title>
<meta property="og:title" content="Fjord &amp; Fell — a &lt;b&gt;trip&lt;/b&gt;">
<meta property="og:description" content="Three days on foot.">
<meta property="og:site_name" content="Example Travel">
<meta property="og:image" content="http://127.0.0.1:${port}/image.png">
<script>alert(1)</script>
</head><body>hello</body></html>`;

/**
 * A web site on loopback for preview tests: a good page with an image,
 * redirects to private addresses, a 10 MiB page, a slow-loris page and a
 * JSON document. Listens on every loopback address it can ([::1] and 127.0.0.1).
 */
export async function startPreviewFixture(): Promise<PreviewFixture> {
  const hits: string[] = [];
  const image = await pngFile(1200, 630);
  let written = 0;
  let port = 0;
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/';
    hits.push(path);
    if (path === '/page' || path === '/page2') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE(port));
    } else if (path === '/image.png') {
      response.writeHead(200, { 'content-type': 'image/png' }).end(image);
    } else if (path === '/to-metadata') {
      response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    } else if (path === '/to-private') {
      response.writeHead(301, { location: 'http://10.0.0.1/admin' }).end();
    } else if (path.startsWith('/loop')) {
      response.writeHead(302, { location: `/loop${Number(path.slice(5) || 0) + 1}` }).end();
    } else if (path === '/big') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<html><head><title>Big</title></head><body>');
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (written < 10 * 1024 * 1024) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end();
      };
      response.on('close', () => {});
      pump();
    } else if (path === '/slow') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<html><head><title>Slow');
      const timer = setInterval(() => response.write(' '), 500);
      response.on('close', () => clearInterval(timer));
    } else if (path === '/json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"title":"no"}');
    } else {
      response.writeHead(404).end();
    }
  };
  const servers: Server[] = [];
  const listen = (host: string, wanted: number) =>
    new Promise<Server | undefined>((resolve) => {
      const server = createServer(handle);
      server.once('error', () => resolve(undefined));
      server.listen(wanted, host, () => resolve(server));
    });
  const v4 = (await listen('127.0.0.1', 0)) as Server;
  servers.push(v4);
  port = (v4.address() as AddressInfo).port;
  const v6 = await listen('::1', port);
  if (v6) servers.push(v6);
  return {
    port,
    hits,
    bigPageWritten: () => written,
    close: async () => {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}
