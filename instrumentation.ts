/**
 * Next.js instrumentation (a config-level convention file, which Next requires at the top
 * level like proxy.ts): `register` runs once when a server instance starts. It starts loading
 * the serving index in the background — not awaited, so the server accepts requests at once
 * and /api/v1/health answers `loading` (503) until the index is ready.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { warmServingIndex } = await import('./lib/serving/warm');
  void warmServingIndex();
}
