import { z } from 'zod';

/**
 * Messages the ZAF SDK posts to its host (read from zendesk_app_framework_sdk lib/client): JSON strings,
 * either a request/response call `{ id, request, params }` or a keyed event `{ key, message }`.
 */
const Guids = { appGuid: z.string().optional(), instanceGuid: z.string().optional() };

export const CallMessage = z.object({
  id: z.number().int().positive(),
  request: z.enum(['get', 'set', 'invoke']),
  params: z.unknown(),
  ...Guids,
});
export type CallMessage = z.infer<typeof CallMessage>;

export const KeyedMessage = z.object({ key: z.string().min(1).max(300), message: z.unknown(), ...Guids });
export type KeyedMessage = z.infer<typeof KeyedMessage>;

export const IncomingMessage = z.union([CallMessage, KeyedMessage]);
export type IncomingMessage = z.infer<typeof IncomingMessage>;

export const GetParams = z.array(z.string().min(1).max(200)).max(50);
export const SetParams = z.record(z.string().min(1).max(200), z.unknown());
/** `client.invoke(name, ...args)` arrives as `{ name: args }`. */
export const InvokeParams = z.record(z.string().min(1).max(200), z.array(z.unknown()).max(20));
export const SubscriberCount = z.object({ subscriberCount: z.number().int().min(0) });

/** Parses what arrived through `postMessage`; null for anything that is not a ZAF message. */
export function parseIncoming(data: unknown): IncomingMessage | null {
  let value: unknown = data;
  if (typeof data === 'string') {
    try {
      value = JSON.parse(data);
    } catch {
      return null;
    }
  }
  const parsed = IncomingMessage.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** An error ZAF puts in `result.errors[path]`; the SDK turns it into a rejected promise for a single path. */
export interface ZafPathError {
  readonly name: string;
  readonly message: string;
  readonly path: string;
}

/** What the host posts back to the iframe. */
export type OutgoingMessage =
  | { readonly id: number; readonly result: Record<string, unknown> & { errors: Record<string, ZafPathError> } }
  | { readonly key: string; readonly message: unknown };
