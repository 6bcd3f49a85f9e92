'use server';
// User management (admin only).
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { countAdmins, createUser, deleteUser, emailSchema, findUser, passwordSchema, roleSchema, setUserPassword, setUserRole, UserError } from '@/lib/auth/users';
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
    const db = await hostDb();
    const user = await findUser(db, id);
    if (!user) throw new UserError(`no user with id ${id}`);
    if (user.role === 'admin' && role !== 'admin' && (await countAdmins(db)) <= 1) throw new UserError('the last admin cannot be demoted: make another user admin first');
    const updated = await setUserRole(db, id, role);
    await ctx.audit({ outcome: 'allowed', detail: { email: updated.email, from: user.role, to: role } });
    revalidatePath('/users');
    return { email: updated.email, role: updated.role };
  },
);

export const resetPasswordAction = guardedAction(
  { action: 'user.password', role: 'admin', schema: z.object({ id: userId, password: passwordSchema }) },
  async ({ id, password }, ctx) => {
    const db = await hostDb();
    await setUserPassword(db, id, password);
    const user = await findUser(db, id);
    await ctx.audit({ outcome: 'allowed', detail: { email: user?.email } });
    return { email: user?.email ?? '' };
  },
);

export const deleteUserAction = guardedAction(
  { action: 'user.delete', role: 'admin', schema: z.object({ id: userId }) },
  async ({ id }, ctx) => {
    if (id === ctx.user.id) throw new UserError('you cannot delete your own account');
    const db = await hostDb();
    const user = await findUser(db, id);
    if (!user) throw new UserError(`no user with id ${id}`);
    if (user.role === 'admin' && (await countAdmins(db)) <= 1) throw new UserError('the last admin cannot be deleted');
    await deleteUser(db, id);
    await ctx.audit({ outcome: 'allowed', detail: { email: user.email, role: user.role } });
    revalidatePath('/users');
    return { email: user.email };
  },
);
