import { z } from 'zod';

import type { ApiRequest } from '@/lib/api/api-request';
import { guarded } from '@/lib/api/guard';
import { toCsv } from '@/lib/csv';
import { listAudience, listSimilar } from '@/lib/db/merchant-lists';
import { getMerchantRow, listSuperfans } from '@/lib/db/merchants';
import { getActiveRun } from '@/lib/db/runs';
import { AppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

const query = z.object({ list: z.enum(['similar', 'audience', 'superfans'], { error: 'list must be similar, audience or superfans' }) });

function error(status: number, code: string, message: string) {
  return Response.json({ error: { code, message } }, { status });
}

async function csvOf(merchantId: string, list: 'similar' | 'audience' | 'superfans'): Promise<string | Response> {
  if (list === 'superfans') {
    const rows = await listSuperfans(merchantId);
    return toCsv(
      rows.map((r, i) => ({ ...r, rank: i + 1 })),
      ['rank', { header: 'user_id', value: (r) => r.userId }, 'orders', { header: 'spend', value: (r) => r.spend.toFixed(2) }, { header: 'last_order', value: (r) => new Date(r.lastOrder) }],
    );
  }
  const run = await getActiveRun();
  if (!run) return error(409, 'no_run', 'No run yet: train one on the Performance tab, then download again.');
  if (list === 'similar') {
    const rows = await listSimilar(merchantId, run.id);
    return toCsv(
      rows.map((r, i) => ({ ...r, rank: i + 1 })),
      ['rank', { header: 'merchant_id', value: (r) => r.merchantId }, { header: 'merchant_name', value: (r) => r.name }, 'category', { header: 'similarity', value: (r) => Number(r.similarity.toFixed(6)) }],
    );
  }
  const rows = await listAudience(merchantId, run.id);
  return toCsv(
    rows.map((r, i) => ({ ...r, rank: i + 1 })),
    ['rank', { header: 'user_id', value: (r) => r.userId }, { header: 'affinity', value: (r) => Number(r.affinity.toFixed(6)) }],
  );
}

/**
 * CSV download of one of a merchant's lists: `?list=similar` (similar merchants),
 * `audience` (likely audience, from the active run) or `superfans` (top customers). The file
 * is named `{merchantId}_{list}_{YYYY-MM-DD}.csv` (today, UTC); cells are neutralised against
 * formula injection (lib/csv.ts).
 */
export const GET = guarded(async function GET(req: ApiRequest, ctx: { params: Promise<{ merchantId: string }> }) {
  const { merchantId: raw } = await ctx.params;
  let merchantId = raw;
  try {
    merchantId = decodeURIComponent(raw);
  } catch {
    // a stray % stays as typed; the lookup below then reports the merchant as unknown
  }
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return error(400, 'invalid_input', parsed.error.issues[0]?.message ?? 'invalid list');
  const { list } = parsed.data;
  try {
    await getMerchantRow(merchantId);
    const body = await csvOf(merchantId, list);
    if (body instanceof Response) return body;
    const file = `${merchantId.replace(/[^\w.-]/g, '_')}_${list}_${new Date().toISOString().slice(0, 10)}.csv`;
    return new Response(body, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${file}"`,
        'Cache-Control': 'no-store',
      },
    });
  } catch (e) {
    if (e instanceof AppError) return error(e.status, e.code, e.message);
    throw e;
  }
});
