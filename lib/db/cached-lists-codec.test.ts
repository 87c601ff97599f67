import { describe, expect, test } from 'vitest';

import { CachedListsFormatError, decodeCachedLists, encodeCachedLists, parseCachedLists } from './cached-lists-codec';
import type { CachedLists } from './run-types';

// A hybrid-like row: null merchant ids of plain reasons, contributions in their stored order
// (not sorted by anything the codec could re-derive), a discovery item equal to an all item
// (written as a reference) and one that differs only in a contribution value (written whole).
const LISTS: CachedLists = {
  all: [
    { merchantId: 12, score: 0.912345, source: 'repeat', contributions: [{ merchantId: 12, value: 0.6, source: 'repeat' }, { merchantId: null, value: 0.2, source: 'recency' }, { merchantId: 40, value: 0.112345, source: 'item-knn' }] },
    { merchantId: 7, score: 0.5, source: 'item-knn', contributions: [{ merchantId: 3, value: 0.3, source: 'item-knn' }, { merchantId: null, value: 0.2, source: 'popularity' }] },
    { merchantId: 9, score: 1e-6, source: 'popularity', contributions: [] },
  ],
  discovery: [
    { merchantId: 7, score: 0.5, source: 'item-knn', contributions: [{ merchantId: 3, value: 0.3, source: 'item-knn' }, { merchantId: null, value: 0.2, source: 'popularity' }] },
    { merchantId: 9, score: 1e-6, source: 'popularity', contributions: [{ merchantId: null, value: 1e-6, source: 'popularity' }] },
    { merchantId: 1234567, score: 42.5, source: 'als', contributions: [{ merchantId: 3, value: -0.25, source: 'als' }] },
  ],
  fallback: false,
};

// Hand-written: sources in first-seen order (repeat 0, recency 1, item-knn 2, popularity 3, als 4);
// discovery[0] equals all[1] → -2.
const TEXT =
  '[2,0,["repeat","recency","item-knn","popularity","als"],' +
  '[12,0.912345,0,3,12,0.6,0,0,0.2,1,40,0.112345,2,7,0.5,2,2,3,0.3,2,0,0.2,3,9,0.000001,3,0],' +
  '[-2,9,0.000001,3,1,0,0.000001,3,1234567,42.5,4,1,3,-0.25,4]]';

describe('encodeCachedLists / decodeCachedLists', () => {
  test('the compact text is the hand-written one, and decodes to the same lists', () => {
    expect(encodeCachedLists(LISTS)).toBe(TEXT);
    expect(decodeCachedLists(TEXT)).toEqual(LISTS);
    expect(JSON.stringify(decodeCachedLists(TEXT))).toBe(JSON.stringify(LISTS)); // key order too: the API's bytes
  });

  test('empty lists, fallback true and false', () => {
    const empty: CachedLists = { all: [], discovery: [], fallback: true };
    expect(encodeCachedLists(empty)).toBe('[2,1,[],[],[]]');
    expect(decodeCachedLists('[2,1,[],[],[]]')).toEqual(empty);
    expect(decodeCachedLists(encodeCachedLists({ ...LISTS, fallback: true })).fallback).toBe(true);
    const onlyAll: CachedLists = { all: LISTS.all, discovery: [], fallback: false };
    expect(decodeCachedLists(encodeCachedLists(onlyAll))).toEqual(onlyAll);
  });

  test('a referenced item is copied, not shared, and the all list may hold a merchant twice', () => {
    const twice: CachedLists = { all: [LISTS.all[1]!, { ...LISTS.all[1]!, score: 0.4 }], discovery: [{ ...LISTS.all[1]!, score: 0.4 }], fallback: false };
    const text = encodeCachedLists(twice);
    expect(text).toBe('[2,0,["item-knn","popularity"],[7,0.5,0,2,3,0.3,0,0,0.2,1,7,0.4,0,2,3,0.3,0,0,0.2,1],[7,0.4,0,2,3,0.3,0,0,0.2,1]]');
    const back = decodeCachedLists(encodeCachedLists(LISTS));
    expect(back.discovery[0]).toEqual(back.all[1]);
    expect(back.discovery[0]).not.toBe(back.all[1]);
    expect(decodeCachedLists(text)).toEqual(twice);
  });

  test('the object format of older runs decodes to itself; missing lists and contributions read as empty', () => {
    expect(decodeCachedLists(JSON.stringify(LISTS))).toEqual(LISTS);
    expect(decodeCachedLists('{"all":[{"merchantId":5,"score":1,"source":"popularity"}],"fallback":true}')).toEqual({
      all: [{ merchantId: 5, score: 1, source: 'popularity', contributions: [] }],
      discovery: [],
      fallback: true,
    });
  });

  test('the flat view resolves references and is the same for both formats', () => {
    const flat = parseCachedLists(TEXT);
    expect(flat.discovery.slice(0, 10)).toEqual([7, 0.5, 2, 2, 3, 0.3, 2, 0, 0.2, 3]);
    const fromObjects = parseCachedLists(JSON.stringify(LISTS));
    expect(decodeCachedLists(JSON.stringify(LISTS))).toEqual(decodeCachedLists(TEXT));
    expect(fromObjects.fallback).toBe(false);
    expect(fromObjects.all.length).toBe(flat.all.length);
  });

  test('a merchant id or a number that would not read back is refused when writing', () => {
    const bad = (merchantId: number, c: number | null = null): CachedLists => ({ all: [{ merchantId, score: 1, source: 'x', contributions: [{ merchantId: c, value: 1, source: 'x' }] }], discovery: [], fallback: false });
    expect(() => encodeCachedLists(bad(0))).toThrow(/merchantId must be a positive integer, got 0/);
    expect(() => encodeCachedLists(bad(1.5))).toThrow(RangeError);
    expect(() => encodeCachedLists(bad(3, 0))).toThrow(/contribution's merchantId must be a positive integer or null, got 0/);
    const nan: CachedLists = { all: [], discovery: [{ merchantId: 4, score: NaN, source: 'x', contributions: [] }], fallback: false };
    expect(() => encodeCachedLists(nan)).toThrow(/the score of merchant 4 must be finite, got NaN/);
    const inf: CachedLists = { all: [{ merchantId: 4, score: 1, source: 'x', contributions: [{ merchantId: 2, value: Infinity, source: 'x' }] }], discovery: [], fallback: false };
    expect(() => encodeCachedLists(inf)).toThrow(/a contribution to merchant 4 must be finite, got Infinity/);
  });
});

describe('parseCachedLists on corrupt rows', () => {
  const cases: [string, RegExp][] = [
    ['{"all":[', /not valid JSON/],
    ['null', /expected an array or an object, got null/],
    ['[3,0,[],[],[]]', /unknown format version 3/],
    ['[2,0,[],[]]', /expected 5 elements/],
    ['[2,"no",[],[],[]]', /fallback must be 0 or 1/],
    ['[2,0,[1],[],[]]', /sources are not an array of strings/],
    ['[2,0,["a"],{},[]]', /the all list is not an array/],
    ['[2,0,["a"],[5,0.5,0],[]]', /the all list has a truncated recommendation at position 0/],
    ['[2,0,["a"],[5,0.5,1,0],[]]', /the all list has no valid source index at position 2/],
    ['[2,0,["a"],[0,0.5,0,0],[]]', /the all list has no valid merchant id at position 0/],
    ['[2,0,["a"],[5,null,0,0],[]]', /the all list has no finite score at position 1/],
    ['[2,0,["a"],[5,0.5,0,2,3,0.1,0],[]]', /the all list has no valid contribution count at position 3/],
    ['[2,0,["a"],[5,0.5,0,1,-3,0.1,0],[]]', /no valid contribution merchant id at position 4/],
    ['[2,0,["a"],[5,0.5,0,0],[-2]]', /the discovery list has a reference to no item of the all list \(-2\) at position 0/],
    ['[2,0,["a"],[5,0.5,0,0],[-1.5]]', /reference to no item/],
  ];
  test.each(cases)('%s', (text, message) => {
    expect(() => parseCachedLists(text)).toThrow(CachedListsFormatError);
    expect(() => parseCachedLists(text)).toThrow(message);
  });
});
