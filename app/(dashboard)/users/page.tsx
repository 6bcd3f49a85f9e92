import { TableHead } from '@/app/ui/table';
import type { Metadata } from 'next';
import { hasRole, ROLE_DESCRIPTIONS, ROLES } from '@/lib/auth/roles';
import { listUsers } from '@/lib/auth/users';
import { hostDb } from '@/app/lib/server/engine';
import { formatTime } from '../../lib/format';
import { requireUser } from '../../lib/session';
import { RoleBadge } from '../../ui/badges';
import { Problem } from '../../ui/problem';
import { AddUserForm, UserRowActions } from '../../ui/users';

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
  let users;
  try {
    users = await listUsers(await hostDb());
  } catch (error) {
    return <Problem error={error} />;
  }
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
          <TableHead columns={['Email', 'Role', 'Created (UTC)', 'Manage']} />
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
                <td className="td">
                  <UserRowActions id={u.id} email={u.email} role={u.role} self={u.id === user.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
