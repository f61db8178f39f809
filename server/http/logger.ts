import { pino, type DestinationStream, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';

/** Headers that carry credentials: censored wherever a log line might include them. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'token',
  'secret',
];

/** LOG_FORMAT: `auto` is pretty when stdout is a terminal (a person reads it), JSON otherwise (a collector does). */
export type LogFormatSetting = 'auto' | 'json' | 'pretty';
export type LogFormat = 'json' | 'pretty';

export function resolveLogFormat(setting: LogFormatSetting, stdout: { isTTY?: boolean }): LogFormat {
  if (setting !== 'auto') return setting;
  return stdout.isTTY === true ? 'pretty' : 'json';
}

export interface LoggerOptions {
  level?: string;
  /** `pretty`: one readable line per entry (same fields, same censoring); default `json`. */
  format?: LogFormat;
  /** Where lines go; stdout when absent. */
  destination?: DestinationStream;
  /** Colour the pretty lines (for a terminal); default: whether stdout is a terminal when writing there. */
  colorize?: boolean;
}

/**
 * The server's logger: JSON lines, or readable ones for a person (LOG_FORMAT). Requests are logged by method and
 * route pattern (`/v1/tickets/:id/verdict`), never by URL: paths hold ticket ids and query strings hold search text
 * (GET /v1/similar?q=…). A request no route matched is logged without one. Errors by type and code only. Ticket
 * text, secrets and tokens never reach a line. The pretty form renders the same serialized entry, so it holds no
 * more than the JSON one.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const settings = {
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
  };
  if (options.format !== 'pretty') return pino(settings, options.destination);
  const colorize = options.colorize ?? (options.destination === undefined && process.stdout.isTTY === true);
  return pino(settings, prettyStream(options.destination ?? 1, colorize));
}

/**
 * Synchronous pino-pretty (no worker thread), one line per entry: `[12:00:01.234] INFO: incoming request: POST
 * /v1/triage {"reqId":"req-1"}`, then `… INFO: request completed: 200 in 12 ms {"reqId":"req-1","installation":"default"}`.
 */
function prettyStream(destination: DestinationStream | number, colorize: boolean): DestinationStream {
  return PinoPretty({
    destination,
    sync: true,
    colorize,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    // Shown in the message instead (pino-pretty would spread `err` over several lines).
    ignore: 'pid,hostname,req,res,responseTime,err',
    messageFormat: (log, messageKey) => {
      const request = log.req as { method?: string; route?: string | null } | undefined;
      const response = log.res as { statusCode?: number } | undefined;
      const error = log.err as { type?: string; code?: unknown } | undefined;
      const errorCode =
        typeof error?.code === 'string' || typeof error?.code === 'number' ? String(error.code) : undefined;
      const parts = [
        request === undefined ? '' : `${request.method ?? '?'} ${request.route ?? '(no route)'}`,
        response?.statusCode === undefined ? '' : String(response.statusCode),
        typeof log.responseTime === 'number' ? `in ${Math.round(log.responseTime)} ms` : '',
        error === undefined ? '' : `(${[error.type, errorCode].filter((part) => part !== undefined).join(' ')})`,
      ].filter((part) => part !== '');
      const message = typeof log[messageKey] === 'string' ? log[messageKey] : '';
      return parts.length === 0 ? message : `${message}: ${parts.join(' ')}`;
    },
  });
}
