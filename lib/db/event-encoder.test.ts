import { afterEach, beforeEach, expect, test } from 'vitest';

import type { OrderEvent } from '@/lib/recsys/types';
import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

import { ENCODED_WIDTH, EventEncoder, loadIdSnapshot } from './event-encoder';
import { EventWriter } from './event-writer';

let t: TempDb;
beforeEach(() => (t = createTempDb()));
afterEach(() => t.close());

const ev = (userId: string, merchantId: string, merchantName: string, eventTime: number, platform = 'ios', eventType: OrderEvent['eventType'] = 'checkout_completed'): OrderEvent => ({
  userId, merchantId, merchantName, category: 'pizza', orderTotal: 10, eventTime, eventType, platform,
});

test('new ids continue above every id ever used (AUTOINCREMENT never reuses a deleted one)', () => {
  t.db.exec("INSERT INTO User (externalId) VALUES ('a'), ('b'), ('c'); DELETE FROM User WHERE externalId = 'c'");
  t.db.exec("INSERT INTO Merchant (externalId, name, category) VALUES ('m1', 'One', 'x')");
  const ids = loadIdSnapshot(t.db);
  expect(ids.nextUserId).toBe(4); // 'c' had id 3
  expect(ids.nextMerchantId).toBe(2);
  const enc = new EventEncoder(ids).encode([ev('b', 'm1', 'One', 1), ev('z', 'm9', 'Nine', 2)]);
  expect(enc.newUsers).toEqual([[4, 'z']]);
  expect(enc.newMerchants).toEqual([[2, 'm9', 'Nine', 'pizza']]);
  expect(Array.from(enc.rows.subarray(0, ENCODED_WIDTH))).toEqual([2, 1, 0, 10, 1, 0]);
  expect(Array.from(enc.rows.subarray(ENCODED_WIDTH))).toEqual([4, 2, 0, 10, 2, 0]);
});

test('a merchant first seen unnamed takes the first real name, in the same or a later batch; platform codes run on', () => {
  const encoder = new EventEncoder(loadIdSnapshot(t.db));
  const first = encoder.encode([ev('u', 'm1', 'm1', 1, 'web', 'merchant_page_viewed'), ev('u', 'm1', 'Slice House', 2, 'ios'), ev('u', 'm1', 'Other Name', 3, 'web')]);
  expect(first.newMerchants).toEqual([[1, 'm1', 'm1', 'pizza']]);
  expect(first.renames).toEqual([[1, 'Slice House', 'pizza']]);
  expect(first.newPlatforms).toEqual(['web', 'ios']);
  expect(first.rows[2]).toBe(1); // merchant_page_viewed is EVENT_TYPES[1]
  const second = encoder.encode([ev('v', 'm2', 'm2', 4, 'android'), ev('v', 'm2', 'Burger Hub', 5, 'web')]);
  expect(second.newPlatforms).toEqual(['android']);
  expect(second.rows[5]).toBe(2);
  expect(second.rows[ENCODED_WIDTH + 5]).toBe(0);
  expect(second.renames).toEqual([[2, 'Burger Hub', 'pizza']]);

  const d = Number(t.db.prepare("INSERT INTO Dataset (sourceFile, fileHash, format, rowsTotal, rowsAccepted, rowsRejected, rowsDuplicate, durationMs) VALUES ('t', '', 'csv', 0, 0, 0, 0, 0)").run().lastInsertRowid);
  const writer = new EventWriter(t.db, d);
  writer.write(first);
  writer.write(second);
  writer.flush();
  expect(writer.counts).toMatchObject({ inserted: 5, duplicates: 0, newUsers: 2, newMerchants: 2, minTime: 1, maxTime: 5 });
  expect(t.db.prepare('SELECT id, externalId, name FROM Merchant ORDER BY id').all()).toEqual([
    { id: 1, externalId: 'm1', name: 'Slice House' },
    { id: 2, externalId: 'm2', name: 'Burger Hub' },
  ]);
  expect(t.db.prepare('SELECT platform, eventType, datasetId FROM Event ORDER BY eventTime').all().map((r) => Object.values(r as object).join('/'))).toEqual([
    `web/merchant_page_viewed/${d}`, `ios/checkout_completed/${d}`, `web/checkout_completed/${d}`, `android/checkout_completed/${d}`, `web/checkout_completed/${d}`,
  ]);
});
