// Passwords and connection strings never reach output, logs, errors or the browser (DESIGN §5).

const registeredSecrets = new Set<string>();

/** Remember a secret so that `redact` scrubs it wherever it shows up later. */
export function registerSecret(secret: string | undefined | null): void {
  if (secret && secret.length >= 3) registeredSecrets.add(secret);
}

const CONNECTION_STRING = /\b(postgres(?:ql)?):\/\/[^\s'"`<>]*/gi;
const PASSWORD_PARAM = /\b(password|passwd|pwd)\s*[=:]\s*("[^"]*"|'[^']*'|[^\s&;,]+)/gi;

export function redact(text: string): string {
  let out = text.replace(CONNECTION_STRING, '$1://***').replace(PASSWORD_PARAM, '$1=***');
  for (const secret of registeredSecrets) out = out.split(secret).join('***');
  for (const secret of registeredSecrets) {
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join('***');
  }
  return out;
}
