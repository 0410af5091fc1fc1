export * from './conversation.ts';
export * from './analysis.ts';
