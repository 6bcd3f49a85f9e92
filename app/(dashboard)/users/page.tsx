import { TableHead } from '@/app/ui/table';
import type { Metadata } from 'next';
import { hasRole, ROLE_DESCRIPTIONS, ROLES } from '@/lib/auth/roles';
import { ACCOUNT_MAX_FAILURES, ADDRESS_MAX_FAILURES, LOCK_MS, WINDOW_MS } from '@/lib/auth/throttle';
import { listLockouts } from '@/lib/auth/lockout';
import { listUsers } from '@/lib/auth/users';
import { hostDb } from '@/app/lib/server/engine';
import { formatTime } from '../../lib/format';
import { requireUser } from '../../lib/session';
import { RoleBadge } from '../../ui/badges';
import { Problem } from '../../ui/problem';
import { AddUserForm, UnlockButton, UserRowActions } from '../../ui/users';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const user = await requireUser();
  if (!hasRole(user.role, 'admin')) {
    return (
      <div className="panel p-4 text-sm" role="alert">
        Only admins manage users. Your role is <b>{user.role}</b>.
      </div>
    );
  }
  let users, lockouts;
  try {
    const db = await hostDb();
    [users, lockouts] = await Promise.all([listUsers(db), listLockouts(db)]);
  } catch (error) {
    return <Problem error={error} />;
  }
  const accountLocks = new Map(lockouts.filter((l) => l.kind === 'account').map((l) => [l.subject, l]));
  const addressLocks = lockouts.filter((l) => l.kind === 'address');
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Users</h1>
      <section className="panel p-3" aria-labelledby="roles-heading">
        <h2 id="roles-heading" className="text-sm font-semibold">
          Roles
        </h2>
        <ul className="mt-1 text-sm">
          {ROLES.map((r) => (
            <li key={r}>
              <RoleBadge role={r} /> {ROLE_DESCRIPTIONS[r]}
            </li>
          ))}
        </ul>
      </section>
      <section className="panel p-3" aria-labelledby="add-heading">
        <h2 id="add-heading" className="mb-2 text-sm font-semibold">
          Add a user
        </h2>
        <AddUserForm />
      </section>
      <section className="panel overflow-x-auto" aria-labelledby="list-heading">
        <h2 id="list-heading" className="border-b border-slate-200 px-3 py-2 text-sm font-semibold">
          {users.length} user{users.length === 1 ? '' : 's'}
        </h2>
        <table className="w-full text-sm">
          <TableHead columns={['Email', 'Role', 'Created (UTC)', 'Sign-in', 'Manage']} />
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <th scope="row" className="td text-left font-medium">
                  {u.email}
                  {u.id === user.id && <span className="ml-1 text-xs font-normal text-slate-500">(you)</span>}
                </th>
                <td className="td">
                  <RoleBadge role={u.role} />
                </td>
                <td className="td text-xs">{formatTime(u.createdAt)}</td>
                <td className="td text-xs" data-testid="sign-in-state">
                  {accountLocks.has(u.email) ? (
                    <span className="flex flex-wrap items-center gap-2">
                      <span className="text-red-800">
                        locked until {formatTime(accountLocks.get(u.email)!.lockedUntil)} ({accountLocks.get(u.email)!.refused} refused)
                      </span>
                      <UnlockButton target={{ id: u.id }} label={`Unlock ${u.email}`} />
                    </span>
                  ) : (
                    'ok'
                  )}
                </td>
                <td className="td">
                  <UserRowActions id={u.id} email={u.email} role={u.role} self={u.id === user.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {addressLocks.length > 0 && (
        <section className="panel p-3" aria-labelledby="address-locks-heading">
          <h2 id="address-locks-heading" className="text-sm font-semibold">
            Locked client addresses
          </h2>
          <ul className="mt-1 space-y-1 text-sm">
            {addressLocks.map((l) => (
              <li key={l.key} className="flex flex-wrap items-center gap-2">
                <span className="mono">{l.subject}</span>
                <span className="text-xs text-slate-600">
                  {l.failures} wrong passwords; locked until {formatTime(l.lockedUntil)} ({l.refused} refused)
                </span>
                <UnlockButton target={{ key: l.key }} label={`Unlock ${l.subject}`} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <p className="text-xs text-slate-500">
        After {ACCOUNT_MAX_FAILURES} wrong passwords for an account (from any address), or {ADDRESS_MAX_FAILURES} from one address, within {WINDOW_MS / 60_000} minutes,
        sign-in is refused for {LOCK_MS / 60_000} minutes. Setting a new password or Unlock ends it (also <code className="mono">npx fastmigrate user unlock EMAIL</code>).
        Changing a password or role signs the user out everywhere.
      </p>
    </div>
  );
}
