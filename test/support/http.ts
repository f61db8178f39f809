import type { FastifyInstance } from 'fastify';
import { signInstallationToken } from '../../server/auth/index.ts';
import { buildApp, type AppOptions } from '../../server/http/index.ts';
import type { Runtime } from '../../server/runtime/runtime.ts';

export const SHARED_SECRET = 'test-shared-secret-0123456789abcdef';
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface RunningApp {
  readonly app: FastifyInstance;
  readonly base: string;
  /** A fresh installation JWT, as Zendesk's proxy would send. */
  token(options?: Parameters<typeof signInstallationToken>[1]): Promise<string>;
  /** fetch with the JWT (or the given Authorization) and JSON body. */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; rawBody?: string; authorization?: string | null; contentType?: string },
  ): Promise<Response>;
  close(): Promise<void>;
}

/** Starts the real app on 127.0.0.1, a random port. */
export async function startApp(runtime: Runtime, overrides: Partial<AppOptions> = {}): Promise<RunningApp> {
  const app = buildApp(runtime, {
    sharedSecret: SHARED_SECRET,
    adminToken: ADMIN_TOKEN,
    rateLimit: { perSecond: 1000, burst: 1000 },
    ...overrides,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const base = `http://127.0.0.1:${address.port}`;
  const token = (options?: Parameters<typeof signInstallationToken>[1]) =>
    signInstallationToken(SHARED_SECRET, options);
  return {
    app,
    base,
    token,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = {};
      const authorization = options.authorization === undefined ? `Bearer ${await token()}` : options.authorization;
      if (authorization !== null) headers.authorization = authorization;
      let body: string | undefined;
      if (options.rawBody !== undefined) body = options.rawBody;
      else if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
      return fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    },
    close: () => app.close(),
  };
}
