export * from './conversation.ts';
export * from './analysis.ts';
export * from './live.ts';
