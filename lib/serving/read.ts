/** Small readers over a ServingIndex shared by the request handlers. */
import { AppError, NotFoundError, ValidationError } from '@/lib/errors';

import type { RunCache, ServingIndex } from './types';

/** Epoch ms → ISO 8601, null for NaN / null. */
export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}

/** The active run's cache, or a 409 saying how to get one. */
export function requireRun(index: ServingIndex): RunCache {
  if (!index.cache) throw new AppError('No trained run yet: train one on the Performance tab (or `npm run train`), then ask again.', 409, 'no_active_run');
  return index.cache;
}

/** The Merchant.id of an external merchant id, or a 404 naming it. */
export function requireMerchant(index: ServingIndex, merchantId: string): number {
  const id = index.activity.merchantByExternal.get(merchantId);
  if (id === undefined) throw new NotFoundError(`No merchant ${merchantId} in the data.`);
  return id;
}

/** The User.id of an external user id, or a 404 naming it. */
export function requireUser(index: ServingIndex, userId: string): number {
  const id = index.activity.userByExternal.get(userId);
  if (id === undefined) throw new NotFoundError(`No user ${userId} in the data.`);
  return id;
}

/** A 400 for a category no merchant has, listing a few that exist. */
export function checkCategory(index: ServingIndex, category: string | undefined): void {
  if (category === undefined || index.activity.categories.has(category)) return;
  const known = [...index.activity.categories].sort().slice(0, 12);
  throw new ValidationError(`Invalid query: category: no merchant has category "${category}" (known: ${known.join(', ')}${index.activity.categories.size > known.length ? ', …' : ''}).`);
}

/** Merchant fields of a response. */
export function merchantRef(index: ServingIndex, id: number) {
  const a = index.activity;
  return { merchant_id: a.merchantExternal[id] ?? `#${id}`, merchant_name: a.merchantName[id] ?? `merchant #${id}`, category: a.merchantCategory[id] ?? '' };
}
