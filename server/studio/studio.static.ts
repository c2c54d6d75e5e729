import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

/**
 * Serves the built studio (studio/dist) with a single-page fallback. Until the studio is
 * built, the root URL still answers with a page that says where to go next.
 */
export function studioRouter(projectRoot: string): Router {
  const router = express.Router();
  const distribution = path.join(projectRoot, 'studio', 'dist');
  const index = path.join(distribution, 'index.html');
  if (fs.existsSync(index)) {
    router.use(express.static(distribution, { index: false, maxAge: '1h' }));
    router.get(/^\/(?!api\/).*/, (_request, response) => response.sendFile(index));
    return router;
  }
  router.get('/', (_request, response) => {
    response.type('html').send(PLACEHOLDER);
  });
  return router;
}

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Policy studio</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1f2933}
code{background:#eef2f7;padding:.1rem .3rem;border-radius:3px}</style></head>
<body><h1>保后管理策略平台 · Post-underwriting policy platform</h1>
<p>The server is running. The studio has not been built in this checkout.</p>
<ul><li>Health: <a href="/api/v1/health"><code>/api/v1/health</code></a></li>
<li>API description: <a href="/api/v1/openapi.json"><code>/api/v1/openapi.json</code></a></li></ul>
</body></html>`;
