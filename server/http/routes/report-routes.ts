import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkAdminPageCredentials } from '../../auth/index.ts';
import { ApiError } from '../../errors.ts';
import { fitInWorker, readinessPage } from '../../report/index.ts';
import type { Runtime, RuntimeFor } from '../../runtime/runtime.ts';
import { parseWith } from '../validate.ts';

/**
 * `?installation=SUBDOMAIN` as on the other admin routes (404 when not registered), or `?subdomain=` as the review
 * queue links it: the installation a token from that Zendesk account would reach (the default one when unregistered).
 */
const ReportQuery = z.strictObject({
  installation: z.string().min(1).max(63).optional(),
  subdomain: z.string().min(1).max(63).optional(),
});

/** The page holds only numbers and label ids, but no other origin may frame it, script it or load anything into it. */
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

/**
 * `GET /v1/admin/report`: the readiness report of an installation as one HTML page. Admin token as a bearer token or
 * as a Basic-auth password (a browser opened from the review queue asks for it). The cross-validation trains in
 * worker threads; one report per installation is built at a time, and a second request waits for the same page.
 */
export async function reportRoutes(
  app: FastifyInstance,
  options: {
    adminToken: string;
    runtime: Runtime;
    runtimeFor: RuntimeFor;
    installationId: (subdomain: string) => Promise<string>;
    subdomainInstallation: (subdomain: string) => Promise<string>;
  },
): Promise<void> {
  const building = new Map<string, Promise<string>>();
  app.addHook('onRequest', async (request, reply) => {
    try {
      checkAdminPageCredentials(request.headers.authorization, options.adminToken);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401)
        void reply.header('www-authenticate', 'Basic realm="Triage Assist admin", charset="UTF-8"');
      throw error;
    }
  });

  app.get('/report', async (request, reply) => {
    const query = parseWith(ReportQuery, request.query, 'query');
    if (query.installation !== undefined && query.subdomain !== undefined)
      throw new ApiError('BAD_QUERY', 400, 'give ?installation= or ?subdomain=, not both');
    const installation =
      query.installation !== undefined
        ? await options.installationId(query.installation)
        : query.subdomain !== undefined
          ? await options.subdomainInstallation(query.subdomain)
          : options.runtime.installation;
    let page = building.get(installation);
    if (!page) {
      page = build(installation).finally(() => building.delete(installation));
      building.set(installation, page);
    }
    const html = await page;
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', PAGE_POLICY)
      .header('x-content-type-options', 'nosniff')
      .send(html);
  });

  async function build(installation: string): Promise<string> {
    const lease = await options.runtimeFor(installation);
    try {
      const { runtime } = lease;
      const { html } = await readinessPage({
        taxonomy: runtime.taxonomy.current(),
        rows: await runtime.store.labelledTickets(),
        fit: fitInWorker(1, runtime.now),
        feedback: runtime.store,
        now: runtime.now(),
        source: `installation ${installation}`,
      });
      return html;
    } finally {
      lease.release();
    }
  }
}
