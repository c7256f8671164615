export * from './common';
export * from './ticket';
export * from './annotation';
export * from './taxonomy';
export * from './workspace';
export * from './audit';
export * from './error';
export * from './report';
