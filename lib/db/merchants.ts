import { NotFoundError } from '@/lib/errors';

import { prisma } from './client';
import { memoByDataVersion } from './data-version';

/** A merchant in search results and lists. */
export interface MerchantSummary {
  merchantId: string;
  name: string;
  category: string;
  orders: number;
}

/** What the merchant page shows about a merchant's orders over the whole data window. */
export interface MerchantProfile extends MerchantSummary {
  /** Distinct users with ≥ 1 order. */
  users: number;
  /** Share of those users with ≥ 2 orders (0 without users). */
  repeatRate: number;
  spend: number;
  /** Average order value: spend / orders (0 without orders). */
  averageOrder: number;
  views: number;
  firstOrder: number | null;
  lastOrder: number | null;
}

/** A top customer of a merchant. */
export interface Superfan {
  userId: string;
  orders: number;
  spend: number;
  lastOrder: number;
}

/** Superfans listed on the merchant page; the CSV download has up to SUPERFANS_EXPORT. */
export const SUPERFANS_SHOWN = 15;
export const SUPERFANS_EXPORT = 1000;

interface MerchantActivity {
  /** Merchants, most orders first (then by id). */
  all: (MerchantSummary & { key: string })[];
}

/** Every merchant with its order count, computed once per data version (one index scan). */
function merchantActivity(): Promise<MerchantActivity> {
  return memoByDataVersion('merchant-activity', async () => {
    const rows = await prisma.$queryRaw<{ merchantId: string; name: string; category: string; orders: number | bigint }[]>`
      SELECT m.externalId AS merchantId, m.name AS name, m.category AS category, COALESCE(a.n, 0) AS orders FROM Merchant m
      LEFT JOIN (SELECT merchantId, COUNT(*) AS n FROM Event WHERE eventType = 'checkout_completed' GROUP BY merchantId) a
      ON a.merchantId = m.id`;
    const all = rows.map((r) => ({ ...r, orders: Number(r.orders), key: `${r.merchantId} ${r.name}`.toLowerCase() }));
    all.sort((a, b) => b.orders - a.orders || (a.merchantId < b.merchantId ? -1 : 1));
    return { all };
  });
}

/**
 * Up to `limit` merchants matching `query`: ids starting with it first, then names (or ids)
 * containing it, case-insensitive; most orders first within each group. An empty query lists
 * the merchants with most orders.
 */
export async function searchMerchants(query: string, limit = 10): Promise<MerchantSummary[]> {
  const q = query.trim().toLowerCase();
  const { all } = await merchantActivity();
  const prefix: MerchantSummary[] = [];
  const contains: MerchantSummary[] = [];
  for (const m of all) {
    if (prefix.length >= limit) break;
    const strip = { merchantId: m.merchantId, name: m.name, category: m.category, orders: m.orders };
    if (m.merchantId.toLowerCase().startsWith(q)) prefix.push(strip);
    else if (contains.length < limit && m.key.includes(q)) contains.push(strip);
  }
  return [...prefix, ...contains].slice(0, Math.max(0, limit));
}

/** Merchant categories with their merchant counts, largest first. */
export async function listCategories(): Promise<{ category: string; merchants: number }[]> {
  const { all } = await merchantActivity();
  const n = new Map<string, number>();
  for (const m of all) n.set(m.category, (n.get(m.category) ?? 0) + 1);
  return [...n].map(([category, merchants]) => ({ category, merchants })).sort((a, b) => b.merchants - a.merchants || a.category.localeCompare(b.category));
}

/** Merchants with most orders (optionally of one category). */
export async function listTopMerchants(limit = 25, category?: string): Promise<MerchantSummary[]> {
  const { all } = await merchantActivity();
  return all
    .filter((m) => !category || m.category === category)
    .slice(0, limit)
    .map((m) => ({ merchantId: m.merchantId, name: m.name, category: m.category, orders: m.orders }));
}

/** The internal id, name and category of a merchant, or a NotFoundError naming the id. */
export async function getMerchantRow(merchantId: string): Promise<{ id: number; name: string; category: string }> {
  const m = await prisma.merchant.findUnique({ where: { externalId: merchantId }, select: { id: true, name: true, category: true } });
  if (!m) throw new NotFoundError(`No merchant ${merchantId} in the data.`);
  return m;
}

type BuyerRow = { userId: number; orders: number; spend: number; first: number; last: number };

/** Orders per user at one merchant (an index range scan of Event_merchantId_eventTime_idx). */
async function buyers(merchantDbId: number): Promise<BuyerRow[]> {
  const rows = await prisma.$queryRaw<{ userId: number | bigint; orders: number | bigint; spend: number; first: number | bigint; last: number | bigint }[]>`
    SELECT userId, COUNT(*) AS orders, SUM(orderTotal) AS spend, MIN(eventTime) AS first, MAX(eventTime) AS last
    FROM Event WHERE merchantId = ${merchantDbId} AND eventType = 'checkout_completed' GROUP BY userId`;
  return rows.map((r) => ({ userId: Number(r.userId), orders: Number(r.orders), spend: r.spend, first: Number(r.first), last: Number(r.last) }));
}

/**
 * A merchant's stats over the data window (orders, users, repeat rate, average order value,
 * page views) and its top customers by order count, then spend.
 * @param superfans - how many top customers to return
 * @throws NotFoundError when the merchant does not exist
 */
export async function getMerchantProfile(merchantId: string, superfans = SUPERFANS_SHOWN): Promise<{ profile: MerchantProfile; superfans: Superfan[] }> {
  const m = await getMerchantRow(merchantId);
  const [rows, [views]] = await Promise.all([
    buyers(m.id),
    prisma.$queryRaw<{ n: number | bigint }[]>`SELECT COUNT(*) AS n FROM Event WHERE merchantId = ${m.id} AND eventType <> 'checkout_completed'`,
  ]);
  let orders = 0;
  let spend = 0;
  let repeaters = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const r of rows) {
    orders += r.orders;
    spend += r.spend;
    if (r.orders >= 2) repeaters++;
    first = Math.min(first, r.first);
    last = Math.max(last, r.last);
  }
  const profile: MerchantProfile = {
    merchantId,
    name: m.name,
    category: m.category,
    orders,
    users: rows.length,
    repeatRate: rows.length ? repeaters / rows.length : 0,
    spend,
    averageOrder: orders ? spend / orders : 0,
    views: Number(views?.n ?? 0),
    firstOrder: rows.length ? first : null,
    lastOrder: rows.length ? last : null,
  };
  return { profile, superfans: await topBuyers(rows, superfans) };
}

async function topBuyers(rows: BuyerRow[], limit: number): Promise<Superfan[]> {
  const top = [...rows].sort((a, b) => b.orders - a.orders || b.spend - a.spend || a.userId - b.userId).slice(0, limit);
  const ids = await externalUserIds(top.map((r) => r.userId));
  return top.map((r) => ({ userId: ids.get(r.userId) ?? `#${r.userId}`, orders: r.orders, spend: r.spend, lastOrder: r.last }));
}

/** Superfans of a merchant for the CSV download (up to SUPERFANS_EXPORT). */
export async function listSuperfans(merchantId: string, limit = SUPERFANS_EXPORT): Promise<Superfan[]> {
  const m = await getMerchantRow(merchantId);
  return topBuyers(await buyers(m.id), limit);
}

/** User.id → User.externalId for the given ids (queried in chunks of 500). */
export async function externalUserIds(ids: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await prisma.user.findMany({ where: { id: { in: ids.slice(i, i + 500) } }, select: { id: true, externalId: true } });
    for (const r of rows) out.set(r.id, r.externalId);
  }
  return out;
}
