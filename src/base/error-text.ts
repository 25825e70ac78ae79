/**
 * What went wrong, in words, for any thrown value: an Office error's detailed message
 * (debugInfo.message) before its short one, an Error's message, else its code, else the
 * value as text. The one place the views, the adapters and the command line turn a caught
 * value into a sentence. Pure.
 */
export function errorText(e: unknown): string {
  if (e && typeof e === 'object') {
    const o = e as { message?: unknown; code?: unknown; debugInfo?: { message?: unknown } };
    const m = o.debugInfo?.message ?? o.message;
    if (typeof m === 'string' && m) return m;
    if (typeof o.code === 'string' && o.code) return o.code;
  }
  return String(e);
}
