import type { ServerResponse } from 'node:http';

/** Answers one request of the local Zendesk: status, JSON body, extra headers. */
export type Reply = (status: number, body: unknown, headers?: Record<string, string>) => void;

/** A JSON body, or undefined when there is none or it is not JSON (the routes answer that as Zendesk would). */
export function parse(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}
