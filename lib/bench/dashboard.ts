// The dashboard's matrix page under the benchmark's fleet: server response time and HTML size.
import { freePort } from '../db/embedded';
import { startDemoDashboard } from '../cli/commands/demo-dashboard';

export interface PageMeasure {
  /** Median of the warm requests, ms. */
  ms: number;
  /** The first request after start-up, ms. */
  firstMs: number;
  bytes: number;
  rows: number;
}

export async function measureMatrixPage(o: { projectRoot: string; databaseUrl: string; requests?: number; log: (line: string) => void }): Promise<PageMeasure> {
  const dashboard = await startDemoDashboard({ projectRoot: o.projectRoot, databaseUrl: o.databaseUrl, webPort: await freePort(), log: o.log });
  try {
    const base = dashboard.url.replace('localhost', '127.0.0.1');
    const cookie = await signIn(base, dashboard.email, dashboard.password);
    const times: number[] = [];
    let html = '';
    for (let i = 0; i <= (o.requests ?? 5); i++) {
      const started = performance.now();
      const res = await fetch(`${base}/`, { headers: { cookie }, redirect: 'manual' });
      html = await res.text();
      if (res.status !== 200) throw new Error(`the matrix answered ${res.status}`);
      times.push(performance.now() - started);
    }
    const [first, ...warm] = times;
    warm.sort((a, b) => a - b);
    return { ms: warm[Math.floor(warm.length / 2)], firstMs: first, bytes: Buffer.byteLength(html), rows: (html.match(/<tr/g) ?? []).length };
  } finally {
    await dashboard.stop();
  }
}

/** Signs in through Auth.js's own endpoints, as a browser would, and returns the session cookie. */
async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = cookiesOf(csrf);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: '/' }),
    redirect: 'manual',
  });
  const session = cookiesOf(res)
    .split('; ')
    .filter((c) => c.includes('session-token'));
  if (!session.length) throw new Error(`signing in to the dashboard failed (${res.status})`);
  return session.join('; ');
}

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
