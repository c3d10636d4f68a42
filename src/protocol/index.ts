export * from './client-frames.js';
export * from './decode.js';
export * from './errors.js';
export * from './message.js';
export * from './notifications.js';
export * from './roles.js';
export * from './rooms.js';
export * from './server-events.js';
