// Secrets never leave the process: every error text we surface goes through here first.

const MIN_SECRET = 6;

/** Replace every occurrence of each secret (and of any bearer token) in a text by "[REDACTED]". */
export function redact(text: string, secrets: (string | null | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= MIN_SECRET) out = out.split(s).join('[REDACTED]');
  }
  // A key we were not told about can still come back inside a server's error body.
  return out
    .replace(/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[REDACTED]')
    .replace(/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-[REDACTED]');
}
