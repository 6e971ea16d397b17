#!/usr/bin/env node
// A tiny dependency-free static server for www/ (used by `make demo` and Playwright).
//
//   node scripts/serve.mjs [--port 8000] [--root www] [--csp] [--quiet] [--node-modules]
//   PORT=8123 node scripts/serve.mjs
//
// Binds to 127.0.0.1 only. Serves correct MIME types (application/wasm for .wasm,
// text/javascript for .js/.mjs, text/vtt, video/webm, ...), answers Range requests so
// media can seek, and with --csp adds the Content-Security-Policy each page must work
// under: the strict policy everywhere, and on annotate.html the same policy plus exactly
// the YouTube and Vimeo player hosts (cspFor below; docs/video.md states both policies for
// anyone deploying the static files). Directory URLs serve index.html. No caching
// headers beyond no-cache. --node-modules also serves the repository's node_modules/ under
// /node_modules/ (only for `make bench-browser`: PapaParse and DuckDB-Wasm from disk, never a CDN).
import { createServer } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
function option(name) {
  const i = args.indexOf(name);
  if (i >= 0 && i + 1 < args.length) return args[i + 1];
  const eq = args.find((a) => a.startsWith(name + '='));
  return eq ? eq.slice(name.length + 1) : undefined;
}
const positional = args.find((a) => /^\d+$/.test(a));
const port = Number(option('--port') ?? positional ?? process.env.PORT ?? 8000);
const root = path.resolve(option('--root') ?? path.join(here, '..', 'www'));
const csp = args.includes('--csp') || process.env.CSP === '1';
const quiet = args.includes('--quiet');
const nodeModules = args.includes('--node-modules') ? path.resolve(here, '..', 'node_modules') : null;

/** The strict policy of every page (and every other file). */
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "img-src 'self' data: blob:; media-src 'self' blob:; worker-src 'self' blob:; " +
  "connect-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * The hosts of the players the annotator drives: the same lists as
 * www/js/annotate/player/providers.js (tests/e2e/video-csp.spec.js checks that they agree).
 */
export const PLAYER_SCRIPT_HOSTS = ['https://www.youtube.com', 'https://player.vimeo.com'];
export const PLAYER_FRAME_HOSTS = ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'];

/**
 * The annotator's policy: the strict one, plus the player scripts (YouTube's IFrame API,
 * Vimeo's player.js) and the player frames (youtube-nocookie.com, player.vimeo.com).
 * Nothing else: no connect-src, img-src or media-src beyond the page's own files.
 */
export const ANNOTATE_CSP = CSP.replace(
  "script-src 'self' 'wasm-unsafe-eval';",
  `script-src 'self' 'wasm-unsafe-eval' ${PLAYER_SCRIPT_HOSTS.join(' ')}; frame-src ${PLAYER_FRAME_HOSTS.join(' ')};`,
);

/** The pages that may embed a provider's player: only the annotator. */
const PLAYER_PAGES = new Set(['annotate.html']);

/** The policy for a served file (`file`: its path on disk). */
export function cspFor(file) {
  return PLAYER_PAGES.has(path.basename(file)) && path.dirname(file) === root ? ANNOTATE_CSP : CSP;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.vtt': 'text/vtt; charset=utf-8',
  '.srt': 'text/plain; charset=utf-8',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.eaf': 'application/xml; charset=utf-8',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

function headersFor(file, size) {
  const h = {
    'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(size),
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  };
  if (csp) h['Content-Security-Policy'] = cspFor(file);
  return h;
}

function send(res, status, text, extra = {}) {
  const body = Buffer.from(text + '\n');
  const h = { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(body.length), ...extra };
  if (csp) h['Content-Security-Policy'] = CSP;
  res.writeHead(status, h);
  res.end(body);
}

async function resolveFile(urlPath) {
  if (nodeModules && urlPath.startsWith('/node_modules/')) {
    return resolveUnder(nodeModules, urlPath.slice('/node_modules'.length));
  }
  return resolveUnder(root, urlPath);
}

async function resolveUnder(root, urlPath) {
  let rel;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  let file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  let stat = await fs.stat(file).catch(() => null);
  if (stat?.isDirectory()) {
    file = path.join(file, 'index.html');
    stat = await fs.stat(file).catch(() => null);
  }
  return stat?.isFile() ? { file, stat } : null;
}

const server = createServer(async (req, res) => {
  const started = Date.now();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  res.on('finish', () => {
    if (!quiet) console.log(`${req.method} ${url.pathname} ${res.statusCode} ${Date.now() - started}ms`);
  });
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
  }
  const found = await resolveFile(url.pathname);
  if (!found) return send(res, 404, `not found: ${url.pathname}`);
  const { file, stat } = found;
  const size = stat.size;
  const range = req.headers.range;
  if (range) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    let start;
    let end;
    if (m && (m[1] !== '' || m[2] !== '')) {
      if (m[1] === '') {
        start = Math.max(0, size - Number(m[2]));
        end = size - 1;
      } else {
        start = Number(m[1]);
        end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
      }
    }
    if (start === undefined || start > end || start >= size) {
      return send(res, 416, 'range not satisfiable', { 'Content-Range': `bytes */${size}` });
    }
    res.writeHead(206, { ...headersFor(file, end - start + 1), 'Content-Range': `bytes ${start}-${end}/${size}` });
    if (req.method === 'HEAD') return res.end();
    return createReadStream(file, { start, end }).pipe(res);
  }
  res.writeHead(200, headersFor(file, size));
  if (req.method === 'HEAD') return res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
});

server.on('error', (e) => {
  console.error(`serve: ${e.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`Serving ${root} at http://127.0.0.1:${port}/${csp ? ' (with CSP)' : ''}`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
