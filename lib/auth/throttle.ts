// Slows down password guessing: after a few failed sign-ins for an email from an address (or many
// from one address), further attempts are refused for a while without checking the password.
// In memory, per server process.

const WINDOW_MS = 15 * 60_000;

export interface ThrottleKey {
  key: string;
  /** Failures within the window after which attempts are refused. */
  max: number;
}

/** The keys for a sign-in attempt: the email from this address, and the address overall. */
export function signInKeys(email: string, address: string): ThrottleKey[] {
  return [
    { key: `pair:${email.trim().toLowerCase()}|${address}`, max: 5 },
    { key: `addr:${address}`, max: 30 },
  ];
}

const failuresByKey = new Map<string, number[]>();

function recent(key: string, now: number): number[] {
  const failures = (failuresByKey.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (failures.length) failuresByKey.set(key, failures);
  else failuresByKey.delete(key);
  return failures;
}

/** Seconds until another attempt is allowed, or 0 when it is allowed now. */
export function signInBlockedFor(keys: readonly ThrottleKey[], now = Date.now()): number {
  let wait = 0;
  for (const { key, max } of keys) {
    const failures = recent(key, now);
    if (failures.length >= max) wait = Math.max(wait, Math.ceil((failures[failures.length - max] + WINDOW_MS - now) / 1000));
  }
  return wait;
}

export function recordSignInFailure(keys: readonly ThrottleKey[], now = Date.now()): void {
  for (const { key } of keys) failuresByKey.set(key, [...recent(key, now), now]);
}

export function clearSignInFailures(keys: readonly ThrottleKey[]): void {
  for (const { key } of keys) if (key.startsWith('pair:')) failuresByKey.delete(key);
}
