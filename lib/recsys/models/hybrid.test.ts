import { expect, test } from 'vitest';

import { checkerboard } from '../testing/fixtures';
import { HybridModel } from './hybrid';
import { recommenderContract } from './recommender.contract';

const small = { als: { factors: 3, iterations: 10 } };
recommenderContract('HybridModel (matrix carve-out)', () => new HybridModel(small));
