// Passwords and connection strings never reach output, logs, errors or the browser (DESIGN §5).

const registeredSecrets = new Set<string>();

/** Remember a secret so that `redact` scrubs it wherever it shows up later. */
export function registerSecret(secret: string | undefined | null): void {
  if (secret && secret.length >= 3) registeredSecrets.add(secret);
}

// The password part of a URL (`postgres://user:secret@host`). The placeholder `PASSWORD` in our own
// examples is left alone, so that a hint does not read as if the user's secret had been masked.
const URL_PASSWORD = /\b(postgres(?:ql)?:\/\/[^\s:/@'"`<>]*:)(?!PASSWORD@)[^\s@'"`<>]*@/gi;
const PASSWORD_PARAM = /\b(password|passwd|pwd)\s*[=:]\s*("[^"]*"|'[^']*'|[^\s&;,]+)/gi;

export function redact(text: string): string {
  let out = text.replace(URL_PASSWORD, '$1***@').replace(PASSWORD_PARAM, '$1=***');
  for (const secret of registeredSecrets) {
    out = out.split(secret).join('***');
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join('***');
  }
  return out;
}
