import { expect, test } from 'vitest';

import { checkerboard } from '../testing/fixtures';
import { AlsModel } from './als';
import { recommenderContract } from './recommender.contract';

recommenderContract('AlsModel', () => new AlsModel({ factors: 3, iterations: 10 }));
recommenderContract('AlsModel (trained user vectors)', () => new AlsModel({ factors: 3, iterations: 10, exactUsers: false }), { faithfulExplain: false });
