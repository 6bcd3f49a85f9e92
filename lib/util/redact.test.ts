import { describe, expect, it } from 'vitest';
import { redact, registerSecret } from './redact';

describe('redact', () => {
  it('masks the password of any connection URL, keeping where it points', () => {
    expect(redact('failed: postgres://app:s3cr3t@db.example.com:5432/app')).toBe('failed: postgres://app:***@db.example.com:5432/app');
    expect(redact('postgresql://u:p%40ss@h/db')).toBe('postgresql://u:***@h/db');
  });

  it('leaves the PASSWORD placeholder of our own examples alone', () => {
    expect(redact('set DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DATABASE')).toBe('set DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DATABASE');
  });

  it('masks password=… parameters and registered secrets, also percent-encoded', () => {
    expect(redact('host=x password=hunter22 user=y')).toBe('host=x password=*** user=y');
    registerSecret('p@ss word!');
    expect(redact('login with p@ss word! failed; url had p%40ss%20word!')).toBe('login with *** failed; url had ***');
  });
});
