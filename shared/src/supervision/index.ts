export * from './time';
export * from './working-days';
export * from './reports';
export * from './warnings';
export * from './config-diff';
export * from './texts';
export * from './http';
