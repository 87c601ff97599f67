/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3'],
  experimental: {
    serverActions: { bodySizeLimit: '200mb' },
  },
};

export default nextConfig;
