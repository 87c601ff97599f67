import { describe, expect, test } from 'vitest';

import { scanDiscoveryTail } from './cached-discovery-scan';
import { CachedListsFormatError, encodeCachedLists } from './cached-lists-codec';
import type { CachedLists } from './run-types';

const LISTS: CachedLists = {
  all: [{ merchantId: 9, score: 0.1, source: 'als', contributions: [{ merchantId: 4, value: 0.1, source: 'als' }] }],
  discovery: [
    { merchantId: 7, score: 0.5, source: 'item-knn', contributions: [{ merchantId: null, value: 0.2, source: 'popularity' }, { merchantId: 3, value: 0.2, source: 'item-knn' }, { merchantId: 5, value: 0.1, source: 'item-knn' }] },
    { merchantId: 8, score: 1e-7, source: 'popularity', contributions: [] },
    { merchantId: 6, score: 0.25, source: 'popularity', contributions: [{ merchantId: null, value: 0.25, source: 'popularity' }] },
  ],
  fallback: false,
};
// merchant, score, via (the first contribution with a merchant, else -1), by hand
const EXPECTED = [[7, 0.5, 3], [8, 1e-7, -1], [6, 0.25, -1]];

/** What scanDiscoveryTail pushes for `text`. */
function scan(text: string): number[][] {
  const got: number[][] = [];
  scanDiscoveryTail(text, (m, s, v) => got.push([m, s, v]));
  return got;
}

/** The tail segment-recs.ts selects: from `"discovery":` on (the whole text when absent, as SQL substr at 0). */
const tail = (text: string) => text.slice(Math.max(0, text.indexOf('"discovery":')));

describe('scanDiscoveryTail', () => {
  test('the same items from the compact text and from the object text (whole or its tail)', () => {
    const compact = encodeCachedLists(LISTS);
    expect(compact.endsWith(',[7,0.5,1,3,0,0.2,2,3,0.2,1,5,0.1,1,8,1e-7,2,0,6,0.25,2,1,0,0.25,2]]')).toBe(true);
    expect(scan(compact)).toEqual(EXPECTED);
    expect(scan(tail(compact))).toEqual(EXPECTED);
    expect(scan(JSON.stringify(LISTS))).toEqual(EXPECTED);
    expect(scan(tail(JSON.stringify(LISTS)))).toEqual(EXPECTED);
  });

  test('empty discovery lists, both formats', () => {
    const empty: CachedLists = { all: LISTS.all, discovery: [], fallback: true };
    expect(scan(encodeCachedLists(empty))).toEqual([]);
    expect(scan(tail(JSON.stringify(empty)))).toEqual([]);
  });

  test('a compact discovery list that refers to the all list is resolved (full parse)', () => {
    const text = encodeCachedLists({ all: LISTS.discovery, discovery: [LISTS.discovery[2]!, LISTS.discovery[0]!], fallback: false });
    expect(text.endsWith(',[-3,-1]]')).toBe(true);
    expect(scan(text)).toEqual([EXPECTED[2], EXPECTED[0]]);
  });

  test('another object key order is not the fast shape: parsed in full, same items', () => {
    expect(scan('{"discovery":[{"score":0.5,"merchantId":7,"source":"x","contributions":[{"merchantId":null,"value":1,"source":"x"},{"source":"x","value":1,"merchantId":2}]}]}')).toEqual([[7, 0.5, 2]]);
  });

  // (the fast path checks what it reads: merchants, scores, counts — not source indices)
  test('a corrupt row throws a clear error and pushes nothing', () => {
    const got: number[][] = [];
    const push = (m: number, s: number, v: number) => got.push([m, s, v]);
    for (const text of ['[2,0,["a"],[],[5,0.5,0,0,6]]', '[2,0,["a"],[],[5,0.5,0,0', '"discovery":[{"merchantId":5,']) {
      expect(() => scanDiscoveryTail(text, push)).toThrow(CachedListsFormatError);
    }
    expect(got).toEqual([]);
  });
});
