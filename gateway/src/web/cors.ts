import cors from 'cors';
import type { RequestHandler } from 'express';

/** Headers a browser client of the API may send (Apollo Client, GraphiQL, Apollo Studio). */
const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  'traceparent',
  'tracestate',
];

/**
 * The origins allowed to call the API from a browser: the configured list, else the console
 * dev server and the gateway's own origin (the console it serves needs no CORS at all).
 */
export function corsOrigins(configured: readonly string[] | undefined, publicUrl: string): string[] {
  const origins = configured && configured.length > 0 ? configured : ['http://localhost:5173', new URL(publicUrl).origin];
  return [...new Set(origins.map((origin) => normaliseOrigin(origin)))];
}

/** `https://Example.com/` and `https://example.com` are one origin; anything else is refused at start. */
export function normaliseOrigin(origin: string): string {
  const parsed = new URL(origin);
  if (!['http:', 'https:'].includes(parsed.protocol) || parsed.origin === 'null') throw new Error(`not an http(s) origin: ${origin}`);
  return parsed.origin;
}

/**
 * CORS for the API: an allowed origin gets the `Access-Control-Allow-*` headers (and a
 * cached preflight); any other origin gets none, so its browser refuses the response.
 * Credentials (cookies) are never allowed: the API authenticates with bearer tokens.
 */
export function corsMiddleware(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ALLOWED_HEADERS,
    credentials: false,
    maxAge: 600,
  });
}
