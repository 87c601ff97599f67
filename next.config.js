/** @type {import('next').NextConfig} */
const nextConfig = {
  // Several checkouts or dev servers may share one tree: NEXT_DIST_DIR gives each its own output.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3'],
  experimental: {
    serverActions: { bodySizeLimit: '200mb' },
  },
};

export default nextConfig;
