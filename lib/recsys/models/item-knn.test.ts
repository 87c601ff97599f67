import { expect, test } from 'vitest';

import { matrixFromTriples } from '../testing/fixtures';
import { ItemKnnModel } from './item-knn';
import { kthLargest, knnSimilarity, weightMatrix } from './item-knn-similarity';
import { recommenderContract } from './recommender.contract';

recommenderContract('ItemKnnModel (binary cosine)', () => new ItemKnnModel());
recommenderContract('ItemKnnModel (bm25, shrink, 2 neighbours)', () =>
  new ItemKnnModel({ weighting: 'bm25', shrink: 1, neighbours: 2, normalize: false }),
);
recommenderContract('ItemKnnModel (tfidf)', () => new ItemKnnModel({ weighting: 'tfidf' }));
