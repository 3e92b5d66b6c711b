export * from './clocks.ts';
export * from './machine.ts';
export * from './measures.ts';
export * from './rating.ts';
export * from './serviceDay.ts';
export * from './similar.ts';
