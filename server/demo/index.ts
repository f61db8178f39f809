export { generateDemoTickets, type DemoOptions } from './generate.ts';
export { LANGUAGES, type Language } from './templates.ts';
