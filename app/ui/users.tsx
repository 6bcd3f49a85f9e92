'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { ROLE_DESCRIPTIONS, ROLES, type Role } from '@/lib/auth/roles';
import { addUserAction, deleteUserAction, resetPasswordAction, setRoleAction, unlockAction } from '../actions/users';

type Result = { ok: true } | { ok: false; error: string };

function useAction() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = (fn: () => Promise<Result & { data?: unknown }>, success: string) =>
    start(async () => {
      const res = await fn();
      setMessage(res.ok ? { ok: true, text: success } : { ok: false, text: res.error });
      if (res.ok) router.refresh();
    });
  return { pending, message, run };
}

function Message({ message }: { message: { ok: boolean; text: string } | null }) {
  if (!message) return null;
  return (
    <p role={message.ok ? 'status' : 'alert'} className={`text-sm ${message.ok ? 'text-emerald-800' : 'text-red-800'}`}>
      {message.text}
    </p>
  );
}

export function AddUserForm() {
  const { pending, message, run } = useAction();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        run(async () => {
          const res = await addUserAction({ email, role, password });
          if (res.ok) {
            setEmail('');
            setPassword('');
          }
          return res;
        }, `Added ${email} as ${role}.`);
      }}
    >
      <div className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="new-email" className="mb-0.5 block text-xs font-medium text-slate-600">
            Email
          </label>
          <input id="new-email" type="email" required className="input w-64" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
        </div>
        <div>
          <label htmlFor="new-role" className="mb-0.5 block text-xs font-medium text-slate-600">
            Role
          </label>
          <select id="new-role" className="input" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="new-password" className="mb-0.5 block text-xs font-medium text-slate-600">
            Password (at least 12 characters)
          </label>
          <input id="new-password" type="password" required minLength={12} className="input w-56" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
        </div>
        <button type="submit" className="btn btn-primary" disabled={pending}>
          Add user
        </button>
      </div>
      <p className="text-xs text-slate-500">{ROLE_DESCRIPTIONS[role]}</p>
      <Message message={message} />
    </form>
  );
}

export function UserRowActions({ id, email, role, self }: { id: number; email: string; role: Role; self: boolean }) {
  const { pending, message, run } = useAction();
  const [newRole, setNewRole] = useState<Role>(role);
  const [password, setPassword] = useState('');
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        <label className="sr-only" htmlFor={`role-${id}`}>
          Role of {email}
        </label>
        <select id={`role-${id}`} className="input py-0.5 text-xs" value={newRole} onChange={(e) => setNewRole(e.target.value as Role)} disabled={pending}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn btn-sm"
          disabled={pending || newRole === role}
          onClick={() => run(() => setRoleAction({ id, role: newRole }), `${email} is now ${newRole}; their sessions have ended.`)}
        >
          Change role
        </button>
        <label className="sr-only" htmlFor={`pw-${id}`}>
          New password for {email}
        </label>
        <input id={`pw-${id}`} type="password" placeholder="new password" className="input w-36 py-0.5 text-xs" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
        <button
          type="button"
          className="btn btn-sm"
          disabled={pending || password.length < 12}
          onClick={() =>
            run(async () => {
              const res = await resetPasswordAction({ id, password });
              if (res.ok) setPassword('');
              return res;
            }, `Password of ${email} changed; their sessions have ended and any lockout is cleared.`)
          }
        >
          Set password
        </button>
        {!self && (
          <button
            type="button"
            className="btn btn-sm text-red-700"
            disabled={pending}
            onClick={() => {
              if (window.confirm(`Delete ${email}? They can no longer sign in.`)) run(() => deleteUserAction({ id }), `${email} deleted.`);
            }}
          >
            Delete
          </button>
        )}
      </div>
      <Message message={message} />
    </div>
  );
}

export function UnlockButton({ target, label }: { target: { id: number } | { key: string }; label: string }) {
  const { pending, message, run } = useAction();
  return (
    <>
      <button type="button" className="btn btn-sm" aria-label={label} disabled={pending} onClick={() => run(() => unlockAction(target), 'Unlocked.')}>
        Unlock
      </button>
      <Message message={message} />
    </>
  );
}
