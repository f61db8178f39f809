import { pino, type DestinationStream, type Logger } from 'pino';

/** Headers that carry credentials: censored wherever a log line might include them. */
const REDACT_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'authorization', 'token', 'secret'];

function pathOnly(url: string | undefined): string | undefined {
  // Query strings hold search text (GET /v1/similar?q=…): log the path only.
  return url?.split('?')[0];
}

/**
 * The server's JSON logger. Requests are logged by method, path (no query string) and route pattern;
 * errors by type and code only. Ticket text, secrets and tokens never reach a line.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        req: (request: { method?: string; url?: string; routeOptions?: { url?: string } }) => ({
          method: request.method,
          url: pathOnly(request.url),
          route: request.routeOptions?.url,
        }),
        res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
        err: (error: { name?: string; code?: unknown }) => ({ type: error?.name, code: error?.code }),
      },
    },
    options.destination,
  );
}
