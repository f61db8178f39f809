export { buildApp, BODY_LIMIT_BYTES, type AppOptions } from './app.ts';
export { ApiMetrics } from './metrics.ts';
export { createLogger } from './logger.ts';
