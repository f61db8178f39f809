import { pino, type DestinationStream, type Logger } from 'pino';

/** Headers that carry credentials: censored wherever a log line might include them. */
const REDACT_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'authorization', 'token', 'secret'];

/**
 * The server's JSON logger. Requests are logged by method and route pattern (`/v1/tickets/:id/verdict`), never by URL:
 * paths hold ticket ids and query strings hold search text (GET /v1/similar?q=…). A request no route matched is
 * logged without one. Errors by type and code only. Ticket text, secrets and tokens never reach a line.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        req: (request: { method?: string; routeOptions?: { url?: string } }) => ({
          method: request.method,
          route: request.routeOptions?.url ?? null,
        }),
        res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
        err: (error: { name?: string; code?: unknown }) => ({ type: error?.name, code: error?.code }),
      },
    },
    options.destination,
  );
}
