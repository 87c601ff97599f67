/** @type {import('next').NextConfig} */
const nextConfig = {
  // Several checkouts or dev servers may share one tree: NEXT_DIST_DIR gives each its own output.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3'],
  // Server actions keep Next's default 1 MB body limit: uploads stream through POST
  // /api/v1/imports instead (a server action's body is read whole before it runs, and the
  // proxy cuts action bodies at 10 MB).
};

export default nextConfig;
