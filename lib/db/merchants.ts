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

type Num = number | bigint | null;

/**
 * Order totals of one merchant, aggregated in SQLite over an index range scan of
 * Event_merchantId_eventTime_idx (covering: the index carries the primary key's columns).
 */
async function merchantTotals(merchantDbId: number) {
  const [row] = await prisma.$queryRaw<{ users: Num; orders: Num; spend: number | null; repeaters: Num; first: Num; last: Num }[]>`
    SELECT COUNT(*) AS users, SUM(n) AS orders, SUM(s) AS spend, SUM(n >= 2) AS repeaters, MIN(f) AS first, MAX(l) AS last
    FROM (SELECT COUNT(*) AS n, SUM(orderTotal) AS s, MIN(eventTime) AS f, MAX(eventTime) AS l FROM Event
          WHERE merchantId = ${merchantDbId} AND eventType = 'checkout_completed' GROUP BY userId)`;
  const [views] = await prisma.$queryRaw<{ n: Num }[]>`
    SELECT COUNT(*) AS n FROM Event WHERE merchantId = ${merchantDbId} AND eventType <> 'checkout_completed'`;
  const num = (v: Num | undefined) => (v === null || v === undefined ? null : Number(v));
  return {
    users: num(row?.users) ?? 0,
    orders: num(row?.orders) ?? 0,
    spend: row?.spend ?? 0,
    repeaters: num(row?.repeaters) ?? 0,
    first: num(row?.first),
    last: num(row?.last),
    views: num(views?.n) ?? 0,
  };
}

/** Top customers of one merchant: most orders, then most spend, then lowest user id. */
async function topBuyers(merchantDbId: number, limit: number): Promise<Superfan[]> {
  const rows = await prisma.$queryRaw<{ userId: string; orders: Num; spend: number; last: Num }[]>`
    SELECT u.externalId AS userId, b.n AS orders, b.s AS spend, b.l AS last
    FROM (SELECT userId, COUNT(*) AS n, SUM(orderTotal) AS s, MAX(eventTime) AS l FROM Event
          WHERE merchantId = ${merchantDbId} AND eventType = 'checkout_completed' GROUP BY userId
          ORDER BY n DESC, s DESC, userId LIMIT ${limit}) b
    JOIN User u ON u.id = b.userId ORDER BY b.n DESC, b.s DESC, b.userId`;
  return rows.map((r) => ({ userId: r.userId, orders: Number(r.orders), spend: r.spend, lastOrder: Number(r.last) }));
}

/**
 * A merchant's stats over the data window (orders, users, repeat rate, average order value,
 * page views) and its top customers by order count, then spend.
 * @param superfans - how many top customers to return
 * @throws NotFoundError when the merchant does not exist
 */
export async function getMerchantProfile(merchantId: string, superfans = SUPERFANS_SHOWN): Promise<{ profile: MerchantProfile; superfans: Superfan[] }> {
  const m = await getMerchantRow(merchantId);
  const [t, fans] = await Promise.all([merchantTotals(m.id), topBuyers(m.id, superfans)]);
  const profile: MerchantProfile = {
    merchantId,
    name: m.name,
    category: m.category,
    orders: t.orders,
    users: t.users,
    repeatRate: t.users ? t.repeaters / t.users : 0,
    spend: t.spend,
    averageOrder: t.orders ? t.spend / t.orders : 0,
    views: t.views,
    firstOrder: t.first,
    lastOrder: t.last,
  };
  return { profile, superfans: fans };
}

/** Superfans of a merchant for the CSV download (up to SUPERFANS_EXPORT). */
export async function listSuperfans(merchantId: string, limit = SUPERFANS_EXPORT): Promise<Superfan[]> {
  const m = await getMerchantRow(merchantId);
  return topBuyers(m.id, limit);
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
