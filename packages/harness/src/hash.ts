// A fast, deterministic, browser-safe 64-bit string hash (two independent 32-bit FNV-1a lanes with a final
// avalanche), used to key journal entries to the exact request and to fingerprint banks and item sets.
// Not cryptographic: it detects accidental change, not tampering.

const FNV_PRIME = 0x01000193;
const LANE_A_BASIS = 0x811c9dc5;
const LANE_B_BASIS = 0x050c5d1f;

function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * 16 hex digits fingerprinting `text` (every UTF-16 unit counts).
 *
 * @example
 * ```ts
 * hashText('abc') === hashText('abc'); // returns true
 * hashText('abc').length;               // returns 16
 * ```
 */
export function hashText(text: string): string {
  let a = LANE_A_BASIS;
  let b = LANE_B_BASIS;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, FNV_PRIME);
    b = Math.imul(b ^ (unit + i), FNV_PRIME) ^ (b >>> 15);
  }
  return avalanche(a).toString(16).padStart(8, '0') + avalanche(b ^ text.length).toString(16).padStart(8, '0');
}

/**
 * The hash of a JSON-able value's canonical text (object keys sorted, so key order does not matter).
 *
 * @example
 * ```ts
 * hashJson({ a: 1, b: [2] }) === hashJson({ b: [2], a: 1 }); // returns true
 * ```
 */
export function hashJson(value: unknown): string {
  return hashText(canonicalJson(value));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
