import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Name of the dashboard's session cookie. */
export const SESSION_COOKIE = 'mr_session';
/** A session lasts this long (then the login page asks again). */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface AuthConfig {
  /** DASHBOARD_PASSWORD: the password of the login page. */
  password?: string;
  /** API_TOKEN: the bearer token of /api/v1 (also accepted on the login page when no password is set). */
  apiToken?: string;
}

/** Reads the secrets from the environment; empty strings count as unset. */
export function authConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  return { password: env.DASHBOARD_PASSWORD || undefined, apiToken: env.API_TOKEN || undefined };
}

/** True when any secret is set: then every page, action, export and API route needs it. */
export function authRequired(c: AuthConfig): boolean {
  return Boolean(c.password || c.apiToken);
}

/** Constant-time string comparison (hashing first makes lengths equal). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function signingKey(c: AuthConfig): string {
  // Derived from the secrets: changing the password or token ends every session.
  return createHash('sha256').update(`merchant-recs-session\0${c.password ?? ''}\0${c.apiToken ?? ''}`).digest('hex');
}

/** A session token `v1.<expiresAt>.<hmac>`. */
export function createSession(c: AuthConfig, now = Date.now()): string {
  const expires = now + SESSION_TTL_MS;
  const mac = createHmac('sha256', signingKey(c)).update(`v1.${expires}`).digest('base64url');
  return `v1.${expires}.${mac}`;
}

/** Checks a session token's signature and expiry. */
export function verifySession(c: AuthConfig, token: string | undefined, now = Date.now()): boolean {
  if (!token) return false;
  const [v, exp, mac] = token.split('.');
  if (v !== 'v1' || !exp || !mac || !/^\d{1,15}$/.test(exp) || Number(exp) < now) return false;
  const expected = createHmac('sha256', signingKey(c)).update(`v1.${exp}`).digest('base64url');
  return safeEqual(mac, expected);
}

/** Is this login secret right? The password, or the API token when no password is set. */
export function checkLoginSecret(c: AuthConfig, secret: string): boolean {
  if (c.password) return safeEqual(secret, c.password);
  if (c.apiToken) return safeEqual(secret, c.apiToken);
  return false;
}

/** Is this `Authorization` header a valid bearer token? */
export function checkBearer(c: AuthConfig, header: string | null): boolean {
  if (!c.apiToken || !header) return false;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m !== null && safeEqual(m[1]!, c.apiToken);
}
