export * from './ticket';
export * from './annotation';
export * from './workspace';
export * from './error';
