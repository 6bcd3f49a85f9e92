import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { expect, type Page } from '@playwright/test';
import type { Role } from '../../lib/auth/roles';
import { USERS } from './fleet';

export { USERS };

export async function signIn(page: Page, role: Role, to = '/') {
  await page.goto(to);
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Email').fill(USERS[role].email);
  await page.getByLabel('Password').fill(USERS[role].password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText(USERS[role].email);
}

/** A query against the e2e host database (for checks the UI does not show, e.g. the audit log's raw rows). */
export async function hostQuery<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.FM_E2E_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

export async function tenantQuery<T extends pg.QueryResultRow>(tenant: string, text: string): Promise<T[]> {
  const url = new URL(process.env.FM_E2E_DATABASE_URL!);
  url.pathname = `/tenant_${tenant}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** The id under which the built app exposes a server action (from Next.js's server reference manifest). */
export function serverActionId(file: string, exportedName: string): string {
  const manifest = path.join(process.cwd(), process.env.FM_E2E_DIST_DIR!, 'server', 'server-reference-manifest.json');
  const { node } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const found = Object.entries(node).find(([, v]) => v.filename === file && v.exportedName === exportedName);
  if (!found) throw new Error(`no server action ${exportedName} in ${file} in ${manifest}`);
  return found[0];
}

/** Calls a server action the way the browser does (POST with the Next-Action header), with the page's cookies. */
export async function callServerAction(page: Page, pathName: string, actionId: string, args: unknown[]) {
  const base = new URL(page.url()).origin;
  return page.request.post(`${base}${pathName}`, {
    headers: { 'Next-Action': actionId, Accept: 'text/x-component', 'Content-Type': 'text/plain;charset=UTF-8', Origin: base },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
}
