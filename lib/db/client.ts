import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';

import { databaseFile } from './database-url';
import { PrismaClient } from './generated/client';

/**
 * DateTime columns hold Unix epoch milliseconds (INTEGER): compact, fast to compare, and what
 * the bulk importer writes through better-sqlite3.
 */
export const TIMESTAMP_FORMAT = 'unixepoch-ms' as const;

function createClient() {
  const adapter = new PrismaBetterSqlite3({ url: databaseFile() }, { timestampFormat: TIMESTAMP_FORMAT });
  return new PrismaClient({ adapter });
}

type Client = ReturnType<typeof createClient>;
const globalForPrisma = globalThis as unknown as { prisma?: Client };

/** The one Prisma client of the process (kept on globalThis so dev reloads reuse it). */
export const prisma: Client = globalForPrisma.prisma ?? createClient();
if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;
