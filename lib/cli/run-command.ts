// Turns a command function into a commander action: opens the engine lazily, maps errors to exit codes.
import { ConfigError, Engine, loadConfig, MigrationFilesError, UsageError } from '../migrations';
import { color, err, formatProblems, printJson } from './output';

export interface CommandContext {
  /** The engine, opened on first use (commands such as `new` never connect). */
  engine(): Engine;
  json: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type CommandFn<O> = (ctx: CommandContext, options: O, ...args: any[]) => Promise<number>;

export function runCommand<O extends { json?: boolean }>(fn: CommandFn<O>) {
  return async (...args: unknown[]) => {
    // commander passes the positional arguments, then the options, then the command.
    const options = args[args.length - 2] as O;
    const positional = args.slice(0, -2);
    let engine: Engine | null = null;
    const ctx: CommandContext = {
      engine: () => (engine ??= Engine.open(loadConfig())),
      json: Boolean(options.json),
    };
    try {
      process.exitCode = await fn(ctx, options, ...positional);
    } catch (error) {
      process.exitCode = reportError(error, ctx.json);
    } finally {
      await (engine as Engine | null)?.close().catch(() => {});
    }
  };
}

function reportError(error: unknown, json: boolean): number {
  if (error instanceof MigrationFilesError) {
    if (json) printJson({ error: { message: error.message, problems: error.problems } });
    err(formatProblems(error.problems));
    err(color.red(`\n${error.message}: nothing was run.`));
    return 2;
  }
  if (error instanceof UsageError || error instanceof ConfigError) {
    if (json) printJson({ error: { message: error.message, hint: error.hint } });
    err(`${color.red('error:')} ${error.message}\n  ${color.dim('fix:')} ${error.hint}`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (json) printJson({ error: { message } });
  err(`${color.red('error:')} ${message}`);
  if (process.env.FASTMIGRATE_DEBUG && error instanceof Error && error.stack) err(error.stack);
  return 1;
}
