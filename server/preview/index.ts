import type { z } from 'zod';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  NewPreviewTicket,
  ZafRequestOptions,
  type PreviewConfig,
  type PreviewTicketList,
} from '../../src/preview-host/index.ts';
import type { BackgroundTickets } from './background-tickets.ts';
import { buildPreviewTickets } from './demo-tickets.ts';
import { PreviewProxyError } from './errors.ts';
import { forwardZafRequest, type ProxyConfig } from './proxy.ts';
import { readStaticFile } from './static-files.ts';

export { forwardZafRequest, type ProxyConfig, type ProxySetting } from './proxy.ts';
export { PreviewProxyError } from './errors.ts';
export { buildPreviewTickets, type PreviewTickets } from './demo-tickets.ts';
export { previewTicketInput, triageDemoInbox } from './demo-inbox.ts';
export { backgroundTickets, FIRST_BACKGROUND_TICKET_ID, type BackgroundTickets } from './background-tickets.ts';

export interface PreviewPluginOptions {
  /** The installation's secure setting: used server-side to sign the JWT, never sent to the browser. */
  readonly sharedSecret: string;
  /**
   * Absolute http(s) URL of the backend; the proxy forwards nowhere else. A function is read per request,
   * for a server that learns its own address only after listening (PORT=0).
   */
  readonly backendUrl: string | (() => string);
  /** The built app: `iframe.html`, `app/*`, logos (served under `/assets/`). */
  readonly assetsDir: string;
  /** The built host page (`dist/preview`, served under `/preview/`). */
  readonly previewDir: string;
  readonly subdomain?: string;
  readonly appVersion?: string;
  /**
   * The proxy signs requests with the real secret, so by default only loopback peers that no proxy relayed may use it;
   * set this only behind your own authentication.
   */
  readonly allowRemote?: boolean;
  /** Tickets in the local Zendesk: the page's "New ticket" creates one there and it is triaged in the background. */
  readonly background?: BackgroundTickets;
}

const LOOPBACK_ADDRESS = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;
/** The manifest's settings: `shared_secret` is secure and may only sign a JWT (`scopes: ["jwt_secret_key"]`). */
const SHARED_SECRET_SCOPES = ['jwt_secret_key'];

function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ error: { code, message } });
}

/** 400 naming the first invalid field of a body the page sent. */
function sendInvalid(reply: FastifyReply, code: string, what: string, error: z.ZodError): FastifyReply {
  const issue = error.issues[0];
  return sendError(
    reply,
    400,
    code,
    `invalid ${what} at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
  );
}

async function sendFile(reply: FastifyReply, root: string, path: string, missing: string): Promise<FastifyReply> {
  const file = await readStaticFile(root, path);
  if (!file) return sendError(reply, 404, 'not_found', missing);
  return reply.header('content-type', file.contentType).header('cache-control', 'no-cache').send(file.body);
}

/** Headers a reverse proxy adds: their presence means the caller is not on this machine, whatever the socket says. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

function refuseForeignCaller(request: FastifyRequest, reply: FastifyReply, allowRemote: boolean): FastifyReply | null {
  if (!allowRemote) {
    // The socket's peer, never request.ip: with fastify's trustProxy that would be read from X-Forwarded-For.
    const peer = request.raw.socket.remoteAddress ?? '';
    if (!LOOPBACK_ADDRESS.test(peer))
      return sendError(reply, 403, 'preview_local_only', 'the preview proxy only serves this machine');
    // A reverse proxy on this machine connects from loopback on behalf of anyone.
    if (FORWARDING_HEADERS.some((name) => request.headers[name] !== undefined)) {
      return sendError(
        reply,
        403,
        'preview_local_only',
        'the preview proxy only serves this machine, not requests relayed by a proxy',
      );
    }
  }
  // Another web page must not borrow the proxy's signature: JSON bodies force a CORS preflight, and the origin is checked.
  const origin = request.headers.origin;
  if (origin !== undefined && !allowRemote && !LOOPBACK_ORIGIN.test(origin))
    return sendError(reply, 403, 'preview_origin_not_allowed', 'the preview proxy only answers the preview page');
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? ''))
    return sendError(reply, 415, 'unsupported_media_type', 'send the request options as application/json');
  return null;
}

/**
 * The local preview host: `/` (a redirect to `/preview`), `/preview` (a Zendesk-like ticket view hosting the real sidebar), its demo
 * tickets API and ZAF request proxy under `/preview/*`, and the built app under `/assets/*`. Mounted only when
 * TRIAGE_PREVIEW allows (see previewEnabled in server/config).
 */
export function previewPlugin(options: PreviewPluginOptions): FastifyPluginAsync {
  const backendUrl = (): string => {
    const url = typeof options.backendUrl === 'function' ? options.backendUrl() : options.backendUrl;
    const protocol = URL.canParse(url) ? new URL(url).protocol : '';
    if (protocol !== 'http:' && protocol !== 'https:')
      throw new Error('previewPlugin: backendUrl must be an absolute http(s) URL');
    return url.replace(/\/$/, '');
  };
  if (typeof options.backendUrl === 'string') backendUrl();
  const tickets = buildPreviewTickets();
  const proxyConfig = (): ProxyConfig => ({
    backendUrl: backendUrl(),
    settings: {
      backend_url: { value: backendUrl(), secure: false },
      shared_secret: { value: options.sharedSecret, secure: true, scopes: SHARED_SECRET_SCOPES },
    },
  });
  const config = (): PreviewConfig => ({
    subdomain: options.subdomain ?? 'preview',
    appName: 'Triage Assist',
    appVersion: options.appVersion ?? '0.0.0',
    settings: { backend_url: backendUrl() },
    currentUser: { id: 1, name: 'Alex Agent', email: 'alex.agent@example.com', locale: 'en' },
    backgroundTriage: options.background !== undefined,
  });
  const missingBuild = 'the preview is not built: run `npm run build`';

  return async (app) => {
    // The server's root is where a newcomer lands first: send them to the page the start-up banner lists.
    app.get('/', async (_request, reply) => reply.redirect('/preview', 302));
    app.get('/preview', async (_request, reply) => sendFile(reply, options.previewDir, 'index.html', missingBuild));
    // The nav_bar location (review queue): the same page, which reads the path.
    app.get('/preview/review', async (_request, reply) =>
      sendFile(reply, options.previewDir, 'index.html', missingBuild),
    );
    app.get('/preview/api/config', async (_request, reply) => reply.header('cache-control', 'no-store').send(config()));
    app.get('/preview/api/tickets', async () => {
      const list: PreviewTicketList = {
        tickets: [...(options.background?.list() ?? []), ...tickets.incoming].map((ticket) => ({
          id: ticket.id,
          subject: ticket.subject,
          requester: ticket.requester.name,
          locale: ticket.locale,
        })),
      };
      return list;
    });
    app.get<{ Params: { id: string } }>('/preview/api/tickets/:id', async (request, reply) => {
      // A ticket in the local Zendesk is read fresh each time: the background write-back changes its tags.
      const ticket = options.background?.find(request.params.id) ?? tickets.find(request.params.id);
      if (!ticket) return sendError(reply, 404, 'ticket_not_found', 'no demo ticket has this id');
      return reply.header('cache-control', 'no-store').send(ticket);
    });
    app.post('/preview/api/tickets', async (request, reply) => {
      const background = options.background;
      if (!background)
        return sendError(reply, 404, 'background_triage_off', 'the preview has no local Zendesk to create tickets in');
      const refused = refuseForeignCaller(request, reply, options.allowRemote ?? false);
      if (refused) return refused;
      const parsed = NewPreviewTicket.safeParse(request.body);
      if (!parsed.success) return sendInvalid(reply, 'invalid_ticket', 'ticket', parsed.error);
      return reply.code(201).send(background.create(parsed.data.subject, parsed.data.description));
    });
    app.post('/preview/proxy', { bodyLimit: 2 * 1024 * 1024 }, async (request, reply) => {
      const refused = refuseForeignCaller(request, reply, options.allowRemote ?? false);
      if (refused) return refused;
      const parsed = ZafRequestOptions.safeParse(request.body);
      if (!parsed.success) return sendInvalid(reply, 'invalid_request_options', 'request options', parsed.error);
      try {
        return await forwardZafRequest(parsed.data, proxyConfig());
      } catch (error) {
        if (error instanceof PreviewProxyError) return sendError(reply, error.status, error.code, error.message);
        throw error;
      }
    });
    app.get<{ Params: { '*': string } }>('/preview/*', async (request, reply) => {
      const path = request.params['*'];
      return sendFile(
        reply,
        options.previewDir,
        path === '' ? 'index.html' : path,
        path === '' ? missingBuild : 'no such preview file',
      );
    });
    app.get<{ Params: { '*': string } }>('/assets/*', async (request, reply) =>
      sendFile(
        reply,
        options.assetsDir,
        request.params['*'],
        request.params['*'] === 'iframe.html' ? 'the app is not built: run `npm run build`' : 'no such asset',
      ),
    );
  };
}
