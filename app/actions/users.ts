'use server';
// User management (admin only). The rules (last admin, ending sessions, clearing lockouts) live in
// lib/auth/users.ts and lib/auth/lockout.ts, shared with the CLI.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { unlockAccount, unlockKey } from '@/lib/auth/lockout';
import { createUser, deleteUser, emailSchema, findUser, passwordSchema, roleSchema, setUserPassword, setUserRole, UserError } from '@/lib/auth/users';
import { hostDb } from '@/app/lib/server/engine';
import { guardedAction } from '../lib/action';

export const addUserAction = guardedAction(
  { action: 'user.add', role: 'admin', schema: z.object({ email: emailSchema, role: roleSchema, password: passwordSchema }) },
  async (input, ctx) => {
    const user = await createUser(await hostDb(), input);
    await ctx.audit({ outcome: 'allowed', detail: { email: user.email, role: user.role } });
    revalidatePath('/users');
    return { email: user.email };
  },
);

const userId = z.number().int().positive();

export const setRoleAction = guardedAction(
  { action: 'user.role', role: 'admin', schema: z.object({ id: userId, role: roleSchema }) },
  async ({ id, role }, ctx) => {
    const { before, after } = await setUserRole(await hostDb(), id, role);
    await ctx.audit({ outcome: 'allowed', detail: { email: after.email, from: before.role, to: after.role, sessionsEnded: before.role !== after.role } });
    revalidatePath('/users');
    return { email: after.email, role: after.role };
  },
);

export const resetPasswordAction = guardedAction(
  { action: 'user.password', role: 'admin', schema: z.object({ id: userId, password: passwordSchema }) },
  async ({ id, password }, ctx) => {
    const user = await setUserPassword(await hostDb(), id, password);
    await ctx.audit({ outcome: 'allowed', detail: { email: user.email, sessionsEnded: true, lockoutCleared: true } });
    revalidatePath('/users');
    return { email: user.email };
  },
);

export const deleteUserAction = guardedAction(
  { action: 'user.delete', role: 'admin', schema: z.object({ id: userId }) },
  async ({ id }, ctx) => {
    if (id === ctx.user.id) throw new UserError('you cannot delete your own account');
    const user = await deleteUser(await hostDb(), id);
    await ctx.audit({ outcome: 'allowed', detail: { email: user.email, role: user.role } });
    revalidatePath('/users');
    return { email: user.email };
  },
);

/** Ends a sign-in lockout: of a user's account (by id), or of a client address (by its key). */
export const unlockAction = guardedAction(
  {
    action: 'user.unlock',
    role: 'admin',
    schema: z.union([z.object({ id: userId }), z.object({ key: z.string().regex(/^address:[0-9a-fA-F:.]{1,64}(\/64)?$/) })]),
  },
  async (input, ctx) => {
    const db = await hostDb();
    let subject: string;
    let lock;
    if ('id' in input) {
      const user = await findUser(db, input.id);
      if (!user) throw new UserError(`no user with id ${input.id}`);
      subject = user.email;
      lock = await unlockAccount(db, user.email);
    } else {
      subject = input.key.slice('address:'.length);
      lock = await unlockKey(db, input.key);
    }
    await ctx.audit({ outcome: 'allowed', detail: { subject, wasLocked: !!lock, refusedWhileLocked: lock?.refused ?? 0 } });
    revalidatePath('/users');
    return { subject, wasLocked: !!lock };
  },
);
