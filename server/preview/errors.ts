/** A request the preview proxy refuses, mapped to an HTTP status and a stable code. Never holds a secret. */
export class PreviewProxyError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, status: number, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'PreviewProxyError';
    this.code = code;
    this.status = status;
  }
}
