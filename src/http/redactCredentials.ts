/** Removes `user:pass@` from any URL in a text, so credentials (a proxy's) are never printed. */
export function redactCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s[\]]*@/gi, '$1***@');
}
