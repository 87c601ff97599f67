import { prisma } from './client';

export interface DataOverview {
  events: number;
  checkouts: number;
  users: number;
  merchants: number;
  firstEvent: number | null;
  lastEvent: number | null;
}

export interface DatasetRow {
  id: number;
  sourceFile: string;
  format: string;
  rowsTotal: number;
  rowsAccepted: number;
  rowsDuplicate: number;
  rowsRejected: number;
  minEventTime: number | null;
  maxEventTime: number | null;
  importedAt: number;
  durationMs: number;
}

/** Totals of what is stored, for the Data tab and the health endpoint. */
export async function getDataOverview(): Promise<DataOverview> {
  const [row] = await prisma.$queryRaw<
    { events: bigint | number; checkouts: bigint | number | null; firstEvent: number | null; lastEvent: number | null }[]
  >`SELECT COUNT(*) AS events, SUM(eventType = 'checkout_completed') AS checkouts, MIN(eventTime) AS firstEvent, MAX(eventTime) AS lastEvent FROM Event`;
  const [users, merchants] = await Promise.all([prisma.user.count(), prisma.merchant.count()]);
  return {
    events: Number(row?.events ?? 0),
    checkouts: Number(row?.checkouts ?? 0),
    users,
    merchants,
    firstEvent: row?.firstEvent === null || row?.firstEvent === undefined ? null : Number(row.firstEvent),
    lastEvent: row?.lastEvent === null || row?.lastEvent === undefined ? null : Number(row.lastEvent),
  };
}

/** Import history, newest first. */
export async function listDatasets(limit = 50): Promise<DatasetRow[]> {
  const rows = await prisma.dataset.findMany({ orderBy: { id: 'desc' }, take: limit });
  return rows.map((r) => ({
    id: r.id,
    sourceFile: r.sourceFile,
    format: r.format,
    rowsTotal: r.rowsTotal,
    rowsAccepted: r.rowsAccepted,
    rowsDuplicate: r.rowsDuplicate,
    rowsRejected: r.rowsRejected,
    minEventTime: r.minEventTime?.getTime() ?? null,
    maxEventTime: r.maxEventTime?.getTime() ?? null,
    importedAt: r.importedAt.getTime(),
    durationMs: r.durationMs,
  }));
}
