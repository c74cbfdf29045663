/**
 * @module
 * Running DDEX Distro on Node: `startServer` (the API on Node's HTTP server plus delivery workers), the pino logger
 * with secret redaction, the outbox mail sender, first-start bootstrap (tenant and admin key) and the demo seed.
 */
export * from './bootstrap';
export * from './logger';
export * from './outbox-mail';
export * from './server';
export * from './static-files';
