import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { freePort } from './ports';

export const FIXTURES = resolve(import.meta.dirname, '../../fixtures');

/**
 * Serves saved ticket pages on 127.0.0.1 at the paths the real tools use, so detection
 * sees real-shaped URLs: `routes` maps a URL path to a file under tests/fixtures.
 * Anything else is a 404 (a fixture's missing stylesheets do not matter).
 */
export async function serveFixtures(routes: Record<string, string>): Promise<{ origin: string; close(): Promise<void> }> {
  const port = await freePort();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = routes[path];
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(join(FIXTURES, file)));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
