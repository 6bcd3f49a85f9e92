// Started by `npm run demo`: the dashboard stops when the demo process is gone, even when the demo
// was killed hard and could not stop it itself.
export function watchParentProcess(env: NodeJS.ProcessEnv = process.env): void {
  const parent = Number(env.FASTMIGRATE_PARENT_PID);
  if (!Number.isInteger(parent) || parent <= 0) return;
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(0);
    }
  }, 2_000).unref();
}
