export * from './ticket.ts';
export * from './triage.ts';
export * from './similar.ts';
export * from './feedback.ts';
export * from './errors.ts';
export * from './taxonomy-view.ts';
export * from './suggestion.ts';
