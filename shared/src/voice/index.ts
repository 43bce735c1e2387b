export * from './compose';
export * from './manifest';
