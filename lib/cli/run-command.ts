// Turns a command function into a commander action: opens the engine lazily, maps errors to exit codes.
import { ConfigError, Engine, loadConfig, MigrationFilesError, problemOf, UsageError } from '../engine';
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
      if (process.env.FASTMIGRATE_DEBUG && error instanceof Error && error.stack) err(error.stack);
    } finally {
      await (engine as Engine | null)?.close().catch(() => {});
    }
  };
}

function reportError(error: unknown, json: boolean): number {
  const { problem, details } = problemOf(error);
  // Bad usage, configuration or files: refused before anything ran (DESIGN §6).
  const code = error instanceof UsageError || error instanceof ConfigError || error instanceof MigrationFilesError ? 2 : 1;
  if (json) {
    printJson({ error: { message: problem.message, ...(problem.hint ? { hint: problem.hint } : {}), ...(details.length ? { problems: details } : {}) } });
  }
  if (details.length) {
    err(formatProblems(details));
    err(color.red(`\n${problem.message}: nothing was run.`));
  } else {
    err(`${color.red('error:')} ${problem.message}${problem.hint ? `\n  ${color.dim('fix:')} ${problem.hint}` : ''}`);
  }
  return code;
}
