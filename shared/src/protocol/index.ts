export * from './http';
export * from './events';
export * from './sync-schema';
export * from './views';
export * from './hall-mirror';
