export * from './conversation.ts';
export * from './analysis.ts';
export * from './behaviour-kinds.ts';
export * from './live.ts';
