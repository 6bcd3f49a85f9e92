import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The e2e suite builds into its own folder so it never disturbs a running demo's build.
  distDir: process.env.FASTMIGRATE_NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // Loaded from node_modules at run time, not bundled: libpg-query finds its WASM file next to itself,
  // and pg-copy-streams/pg are plain Node packages.
  serverExternalPackages: ['libpg-query', 'pg', 'pg-copy-streams'],
  // Type errors are caught by `npm run typecheck` (tsc over the whole project, CI runs it first);
  // `next build` does not repeat that check, so the demo's build does not fail on a test file.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
    ];
  },
};

export default nextConfig;
