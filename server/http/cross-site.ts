import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE } from '../identity/principal';
import { ForbiddenError } from './errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_TYPE = /^application\/json[ \t]*(;|$)/i;

/**
 * Cross-site request forgery: a browser sends the session cookie with any request another site
 * makes it send, but a plain form or image cannot set `content-type: application/json` or an
 * X-Requested-With header without a CORS preflight (which this server never grants). So a state
 * change authenticated by the cookie must carry one of them; the studio's client sends both
 * where it can. Bearer credentials are never attached by the browser on its own: not checked.
 */
export function assertNotCrossSite(request: IncomingMessage): void {
  if (SAFE_METHODS.has(request.method ?? 'GET') || request.headers.authorization) return;
  if (!request.headers.cookie?.includes(`${SESSION_COOKIE}=`)) return;
  const type = request.headers['content-type'];
  if ((type !== undefined && JSON_TYPE.test(type)) || request.headers['x-requested-with'] !== undefined) return;
  throw new ForbiddenError(
    'A change made with the session cookie must be sent as application/json or with an X-Requested-With header (protection against cross-site requests)',
    'csrf',
  );
}
