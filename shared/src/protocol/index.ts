export * from './http';
export * from './events';
export * from './sync-schema';
export * from './views';
export * from './bundle-views';
export * from './hall-mirror';
export * from './bookings';
export * from './notify';
