// Runs once when the Next.js server starts.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { watchParentProcess } = await import('./lib/demo/watch-parent');
    watchParentProcess();
    // A mistyped FASTMIGRATE_TRUSTED_PROXIES stops the server here, not at every sign-in.
    const { parseTrustedProxies, TrustedProxiesError } = await import('./lib/auth/origin');
    try {
      parseTrustedProxies(process.env.FASTMIGRATE_TRUSTED_PROXIES);
    } catch (error) {
      if (!(error instanceof TrustedProxiesError)) throw error;
      console.error(`fastmigrate dashboard: ${error.message}\n  fix: ${error.hint}`);
      process.exit(2);
    }
  }
}
