import type { FastifyInstance } from 'fastify';
import type { WebhookAck } from '../../../src/contract/index.ts';
import { ValidationError, WebhookSignatureInvalidError } from '../../errors.ts';
import { checkSignature, parseEvent, type WebhookIntake } from '../../webhooks/index.ts';

export interface WebhookRoutesOptions {
  readonly intake: WebhookIntake;
  readonly now?: () => Date;
}

const SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
const TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';

const header = (value: string | string[] | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;

/**
 * POST /zendesk (the default installation) and POST /zendesk/:subdomain (a registered one), outside the JWT scope:
 * Zendesk signs the delivery with the installation's webhook secret instead. The raw body is kept for the signature;
 * nothing is parsed before it verifies. A ticket event becomes a durable job, once per event id; the answer is fast.
 */
export async function webhookRoutes(app: FastifyInstance, options: WebhookRoutesOptions): Promise<void> {
  const now = options.now ?? (() => new Date());
  // Whatever the content type, the body stays the bytes Zendesk signed (within the app's body limit).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const receive = async (
    subdomain: string | null,
    headers: Record<string, string | string[] | undefined>,
    body: unknown,
    log: FastifyInstance['log'],
  ): Promise<{ status: number; ack: WebhookAck }> => {
    const raw = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    const target = await options.intake.secretFor(subdomain);
    const failure = target
      ? checkSignature(
          target.secret,
          { signature: header(headers[SIGNATURE_HEADER]), timestamp: header(headers[TIMESTAMP_HEADER]), body: raw },
          now(),
        )
      : 'no-secret';
    if (failure !== null) {
      log.warn({ installation: target?.installation ?? null, reason: failure }, 'webhook delivery refused');
      throw new WebhookSignatureInvalidError();
    }
    const parsed = parseEvent(raw);
    if (parsed.kind === 'invalid') throw new ValidationError(parsed.path || 'body', parsed.message);
    if (parsed.kind === 'ignored') return { status: 200, ack: { status: 'ignored', jobId: null } };
    const queued = await options.intake.enqueue(target!.installation, parsed.event);
    return queued === 'duplicate'
      ? { status: 200, ack: { status: 'duplicate', jobId: null } }
      : { status: 202, ack: { status: 'queued', jobId: queued.jobId } };
  };

  app.post('/zendesk', async (request, reply) => {
    const { status, ack } = await receive(null, request.headers, request.body, request.log);
    return reply.code(status).send(ack);
  });
  app.post<{ Params: { subdomain: string } }>('/zendesk/:subdomain', async (request, reply) => {
    const { status, ack } = await receive(request.params.subdomain, request.headers, request.body, request.log);
    return reply.code(status).send(ack);
  });
}
