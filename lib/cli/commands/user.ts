// `fastmigrate user add <email> --role viewer|operator|admin`, `user unlock <email>` and `user list`:
// dashboard accounts in the host database. The password is typed at a prompt that does not echo, or read
// from the first line of stdin when stdin is not a terminal (scripts: `printf '%s\n' "$PW" | …`).
import os from 'node:os';
import { UsageError } from '../../engine';
import { recordAudit } from '../../auth/audit';
import { isRole, ROLE_DESCRIPTIONS, ROLES } from '../../auth/roles';
import { listLockouts, unlockAccount } from '../../auth/lockout';
import { createUser, emailSchema, listUsers, MIN_PASSWORD_LENGTH, passwordSchema, upsertUser, UserError } from '../../auth/users';
import type { CommandContext } from '../run-command';
import { color, formatTable, out, printJson } from '../output';

interface AddOptions {
  role: string;
  reset?: boolean;
  json?: boolean;
}

export async function userAddCommand(ctx: CommandContext, o: AddOptions, rawEmail: string): Promise<number> {
  const email = emailSchema.safeParse(rawEmail);
  if (!email.success) throw new UsageError(`${JSON.stringify(rawEmail)} is not an email address`, 'fastmigrate user add alice@example.com --role operator');
  if (!isRole(o.role)) throw new UsageError(`unknown role ${JSON.stringify(o.role)}`, `the role is one of ${ROLES.join(', ')}`);
  const password = await readPassword(`Password for ${email.data}: `);
  const checked = passwordSchema.safeParse(password);
  if (!checked.success) throw new UsageError(`the password is too ${password.length < MIN_PASSWORD_LENGTH ? 'short' : 'long'}: ${checked.error.issues[0].message}`, `use a password of at least ${MIN_PASSWORD_LENGTH} characters (a passphrase works well)`);

  const engine = ctx.engine();
  await engine.host.ensureToolSchema();
  const db = engine.host.db;
  let user;
  try {
    user = o.reset ? await upsertUser(db, { email: email.data, role: o.role, password }) : await createUser(db, { email: email.data, role: o.role, password });
  } catch (error) {
    if (error instanceof UserError) throw new UsageError(error.message, `to set a new password and role for it, add --reset: fastmigrate user add ${email.data} --role ${o.role} --reset`);
    throw error;
  }
  await recordAudit(db, {
    actor: cliActor(),
    action: o.reset ? 'user.reset' : 'user.add',
    outcome: 'allowed',
    detail: { email: user.email, role: user.role, ...(o.reset ? { sessionsEnded: true, lockoutCleared: true } : {}) },
    origin: cliOrigin(),
  });
  if (ctx.json) printJson({ user: { id: user.id, email: user.email, role: user.role } });
  else {
    out(`${color.green('✓')} ${o.reset ? 'updated' : 'added'} ${color.bold(user.email)} as ${user.role}: ${ROLE_DESCRIPTIONS[user.role]}`);
    if (o.reset) out('  their dashboard sessions have ended and any sign-in lockout is cleared: they sign in again with the new password');
  }
  return 0;
}

export async function userUnlockCommand(ctx: CommandContext, _o: { json?: boolean }, rawEmail: string): Promise<number> {
  const email = emailSchema.safeParse(rawEmail);
  if (!email.success) throw new UsageError(`${JSON.stringify(rawEmail)} is not an email address`, 'fastmigrate user unlock alice@example.com');
  const engine = ctx.engine();
  await engine.host.ensureToolSchema();
  const db = engine.host.db;
  const lock = await unlockAccount(db, email.data);
  const known = (await listUsers(db)).some((u) => u.email === email.data);
  if (!lock && !known) throw new UsageError(`no user ${email.data}`, 'see the users with `fastmigrate user list`');
  await recordAudit(db, {
    actor: cliActor(),
    action: 'user.unlock',
    outcome: 'allowed',
    detail: { subject: email.data, wasLocked: !!lock, refusedWhileLocked: lock?.refused ?? 0 },
    origin: cliOrigin(),
  });
  if (ctx.json) printJson({ unlocked: { email: email.data, wasLocked: !!lock, lockedUntil: lock?.lockedUntil ?? null, refusedWhileLocked: lock?.refused ?? 0 } });
  else if (lock) out(`${color.green('✓')} unlocked ${color.bold(email.data)}: it was locked until ${formatUtc(lock.lockedUntil)} UTC after ${lock.failures} wrong passwords (${lock.refused} attempt${lock.refused === 1 ? '' : 's'} refused meanwhile)`);
  else out(`${email.data} was not locked: nothing to do`);
  return 0;
}

const cliActor = () => `${os.userInfo().username} (cli)`;
const cliOrigin = () => `cli ${os.userInfo().username}@${os.hostname()}`;
const formatUtc = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19);

export async function userListCommand(ctx: CommandContext): Promise<number> {
  const engine = ctx.engine();
  await engine.host.ensureToolSchema();
  const users = await listUsers(engine.host.db);
  const lockedUntil = new Map((await listLockouts(engine.host.db)).filter((l) => l.kind === 'account').map((l) => [l.subject, l.lockedUntil]));
  if (ctx.json) {
    printJson({ users: users.map((u) => ({ id: u.id, email: u.email, role: u.role, createdAt: u.createdAt, lockedUntil: lockedUntil.get(u.email) ?? null })) });
    return 0;
  }
  if (!users.length) {
    out('No dashboard users yet: add one with `fastmigrate user add <email> --role admin`.');
    return 0;
  }
  out(
    formatTable(users, [
      { header: 'EMAIL', value: (u) => u.email },
      { header: 'ROLE', value: (u) => u.role },
      { header: 'CREATED (UTC)', value: (u) => formatUtc(u.createdAt) },
      { header: 'SIGN-IN', value: (u) => (lockedUntil.has(u.email) ? color.red(`locked until ${formatUtc(lockedUntil.get(u.email)!)} UTC`) : 'ok') },
    ]),
  );
  return 0;
}

/** A password from the terminal without echo (typed twice), or the first line of stdin. */
async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    let data = '';
    process.stdin.setEncoding('utf8');
    for await (const chunk of process.stdin) {
      data += chunk;
      if (data.includes('\n')) break;
    }
    const line = data.split(/\r?\n/)[0];
    if (!line) throw new UsageError('no password on stdin', "pipe it in, e.g. printf '%s\\n' \"$PASSWORD\" | fastmigrate user add …, or run in a terminal to be prompted");
    return line;
  }
  const first = await promptHidden(prompt);
  const second = await promptHidden('Repeat the password: ');
  if (first !== second) throw new UsageError('the two passwords differ', 'run the command again and type the same password twice');
  return first;
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('cancelled', 'nothing was changed'));
        if (ch === '\u0004') return done();
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

