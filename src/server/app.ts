/**
 * The site server's HTTP face (Fastify): the sync API under `/api/v1` and the built app at `/`.
 * Every API request but the health check carries a device's bearer token; a device reads and
 * writes its own site only, and only planners publish plans. Bodies are size-limited, requests
 * rate-limited per device, and neither tokens nor bodies are ever logged.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Database } from './database';
import { authenticate, hashToken, type Device } from './devices';
import { MAX_ENTRIES_PER_PUSH, MAX_PULL_LIMIT, NoPublishedFactoryError, Sequencer, parseCursor, pullEntries, pushEntries } from './entries';
import { FactoryCache, checkPublication, fetchPlan, publishPlan } from './plans';

export interface ServerOptions {
  db: Database;
  /** The built app (vite's dist/); without it `/` says how to build it. */
  appDir?: string | undefined;
  /** Requests per minute per device (or per address without a token). */
  rateLimitPerMinute?: number;
  /** Log requests (method, path, status, time; never headers or bodies). */
  log?: boolean;
  https?: { cert: Buffer; key: Buffer };
  trustProxy?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    device: (Device & { planVersion: number | null }) | undefined;
  }
}

export const ENTRIES_BODY_LIMIT = 2 * 1024 * 1024;
export const PLAN_BODY_LIMIT = 64 * 1024 * 1024;
export const DEFAULT_APP_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { db } = options;
  const app = Fastify({
    bodyLimit: ENTRIES_BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
    ...(options.https ? { https: options.https } : {}),
    logger: options.log
      ? {
          level: 'info',
          // Only what says what happened: no headers (the token), no query strings, no bodies.
          serializers: {
            req: (request: FastifyRequest) => ({ method: request.method, path: request.url.split('?')[0], remote: request.ip }),
            res: (reply: { statusCode: number }) => ({ status: reply.statusCode }),
          },
        }
      : false,
  });
  const factories = new FactoryCache();
  const sequencer = new Sequencer(db);
  app.decorateRequest('device', undefined);

  await app.register(rateLimit, {
    max: options.rateLimitPerMinute ?? 1200,
    timeWindow: 60_000,
    keyGenerator: (request) => {
      const token = bearerToken(request);
      return token ? `device:${hashToken(token).slice(0, 32)}` : `address:${request.ip}`;
    },
    // Thrown to the error handler below, which answers { error } like every refusal.
    errorResponseBuilder: (_request, context) => Object.assign(new Error(`too many requests: at most ${context.max} a minute per device; retry in ${Math.ceil(context.ttl / 1000)} s`), { statusCode: 429 }),
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) app.log.error({ err: { message: error.message, stack: error.stack } }, 'request failed');
    const message = status === 413 ? `the request is larger than this route accepts (${error.message})` : status >= 500 ? 'the server failed; the request was not stored' : error.message;
    void reply.status(status).send({ error: message });
  });

  app.get('/api/v1/health', async () => ({ ok: true, database: db.kind }));

  app.register(async (api) => {
    api.addHook('onRequest', async (request, reply) => {
      const token = bearerToken(request);
      if (!token) return reply.status(401).header('www-authenticate', 'Bearer').send({ error: 'no device token: send Authorization: Bearer <token> (enroll the device with `ponte serve device add`)' });
      const device = await authenticate(db, token);
      if (!device) return reply.status(401).header('www-authenticate', 'Bearer error="invalid_token"').send({ error: 'unknown or revoked device token' });
      request.device = device;
      const site = (request.params as { site?: string }).site;
      if (site !== undefined && site !== device.site) return reply.status(403).send({ error: `this device belongs to site ${device.site}, not ${site}` });
    });

    api.get('/api/v1/me', async (request) => {
      const { planVersion: _version, ...device } = request.device!;
      return { device };
    });

    api.post<{ Params: { site: string } }>('/api/v1/sites/:site/entries', async (request, reply) => {
      const entries = (request.body as { entries?: unknown } | null)?.entries;
      if (!Array.isArray(entries)) return reply.status(400).send({ error: 'the body must be {"entries": [...]}' });
      if (entries.length > MAX_ENTRIES_PER_PUSH) return reply.status(413).send({ error: `at most ${MAX_ENTRIES_PER_PUSH} entries per push, not ${entries.length}` });
      try {
        const results = await pushEntries(db, factories, request.device!, request.params.site, entries);
        sequencer.poke();
        return { results };
      } catch (error) {
        if (error instanceof NoPublishedFactoryError) return reply.status(409).send({ error: error.message });
        throw error;
      }
    });

    api.get<{ Params: { site: string }; Querystring: { after?: string; limit?: string } }>('/api/v1/sites/:site/entries', async (request, reply) => {
      const after = parseCursor(request.query.after);
      if (after === undefined) return reply.status(400).send({ error: `after: "${request.query.after}" is not a cursor this server gave` });
      const limit = request.query.limit === undefined ? 500 : Number(request.query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PULL_LIMIT) return reply.status(400).send({ error: `limit must be a whole number from 1 to ${MAX_PULL_LIMIT}` });
      await sequencer.flush();
      return pullEntries(db, request.params.site, after, limit);
    });

    api.put<{ Params: { site: string } }>('/api/v1/sites/:site/plan', { bodyLimit: PLAN_BODY_LIMIT }, async (request, reply) => {
      if (request.device!.role !== 'planner') return reply.status(403).send({ error: 'only a planner device publishes plans' });
      const check = checkPublication(request.body);
      if (!check.ok) return reply.status(400).send({ error: `the plan was not published: ${check.errors.length} error(s)`, errors: check.errors.slice(0, 50) });
      const { version } = await publishPlan(db, request.params.site, request.device!.id, check);
      return { site: request.params.site, version };
    });

    // What a tablet asks on every sync round: cheap, so it fetches the (large) plan only when it changed.
    api.get<{ Params: { site: string } }>('/api/v1/sites/:site/plan/version', async (request) => {
      const { rows } = await db.query<{ version: number }>('select version from published_plans where site = $1', [request.params.site]);
      return { version: rows[0]?.version ?? null };
    });

    api.get<{ Params: { site: string } }>('/api/v1/sites/:site/plan', async (request, reply) => {
      const published = await fetchPlan(db, request.params.site);
      if (!published) return reply.status(404).send({ error: `no plan is published for site ${request.params.site}` });
      return published;
    });
  });

  app.register(async (api) => {
    api.all('/api/*', async (_request, reply) => reply.status(404).send({ error: 'no such API path (the API is under /api/v1)' }));
  });

  const appDir = resolve(options.appDir ?? DEFAULT_APP_DIR);
  if (existsSync(`${appDir}/index.html`)) {
    await app.register(fastifyStatic, { root: appDir, prefix: '/', wildcard: true, index: 'index.html' });
  } else {
    app.get('/', async (_request, reply) => reply.type('text/plain').send(`The app is not built: run \`npm run build\` in the Ponte folder, then start the server again (looked in ${appDir}).\n`));
  }
  return app;
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}
