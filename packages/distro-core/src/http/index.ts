/**
 * @module
 * The HTTP API of DDEX Distro on Hono: `createApp(services)` returns a web-standard app (Request in, Response out).
 */
export { type AppOptions, createApp } from './app';
export { type AuthLimiter, type AuthLimiterOptions, createAuthLimiter } from './auth-limiter';
export { buildOpenApi } from './openapi';
export type { AppEnv, ErrorBody } from './support';
