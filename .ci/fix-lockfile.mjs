// The npm registry reachable here answers 404 for next's macOS and Windows SWC packages, so
// `npm install` leaves them out of package-lock.json and a later `npm ci` refuses the lockfile.
// This adds inert entries for them: their os/cpu never match Linux, so npm never fetches them.
// Run after every lockfile regeneration: node .ci/fix-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const next = lock.packages['node_modules/next'];
const platforms = {
  'darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  'darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  'win32-arm64-msvc': { os: ['win32'], cpu: ['arm64'] },
  'win32-x64-msvc': { os: ['win32'], cpu: ['x64'] },
};
let added = 0;
for (const [suffix, { os, cpu }] of Object.entries(platforms)) {
  const name = `@next/swc-${suffix}`;
  const key = `node_modules/${name}`;
  if (lock.packages[key] || !next?.optionalDependencies?.[name]) continue;
  lock.packages[key] = {
    version: next.optionalDependencies[name],
    cpu,
    license: 'MIT',
    optional: true,
    os,
    engines: { node: '>= 10' },
  };
  added++;
}
const sorted = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
lock.packages = sorted;
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(`fix-lockfile: added ${added} inert @next/swc entries`);
