/**
 * The built-in demo data set: a seeded, streaming simulation of food-delivery ordering
 * (see `generateDemoEvents` for the model and its measured bounds).
 */
export { generateDemoEvents } from './generate';
export { demoMerchants, type DemoMerchant } from './merchants';
export {
  DEFAULT_DEMO_OPTIONS,
  resolveDemoOptions,
  type DemoOptions,
  type ResolvedDemoOptions,
} from './options';
