export { buildApp, BODY_LIMIT_BYTES, type AppOptions } from './app.ts';
export { ApiMetrics } from './metrics.ts';
export { createLogger, resolveLogFormat, type LogFormat, type LogFormatSetting } from './logger.ts';
