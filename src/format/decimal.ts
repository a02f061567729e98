/**
 * Exact decimal half-up rounding. A JS number is taken to mean its shortest round-trip decimal
 * (String(x)), so 1.005 rounds to 1.01 even though the binary double is slightly below it.
 */

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** String(x) without exponent form: 1e-7 → '0.0000001', 1.5e21 → '1500000000000000000000'. */
export function plainDecimal(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  return roundDecimalString(String(x), null);
}

/** Round half-up (away from zero) at `places` after shifting the point by 10^scale. */
export function roundHalfUp(x: number, places: number, scale = 0): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  return roundDecimalString(String(x), places, scale);
}

export function roundHalfUpNumber(x: number, places: number, scale = 0): number {
  return Number(roundHalfUp(x, places, scale));
}

/**
 * Round a decimal string (optionally with exponent) half-up at `places`; null keeps every digit.
 * Zero results never carry a minus sign ('-0.001' → '0.00').
 */
export function roundDecimalString(s: string, places: number | null, scale = 0): string {
  if (places !== null && !(Number.isInteger(places) && places >= 0 && places <= 100)) {
    throw new RangeError(`places must be an integer 0..100: ${places}`);
  }
  if (!Number.isInteger(scale)) throw new RangeError(`scale must be an integer: ${scale}`);
  const m = DECIMAL.exec(s.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`not a decimal: ${s}`);
  const negative = m[1] === '-';
  const int = m[2];
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? '0') + scale;
  if (Math.abs(exp) > 10_000) throw new RangeError(`exponent out of range: ${s}`);

  let digits = int + frac;
  let point = int.length + exp; // digits before the decimal point
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits = digits.padEnd(point, '0');
  let whole = digits.slice(0, point);
  let rest = digits.slice(point);

  if (places === null) {
    rest = rest.replace(/0+$/, '');
  } else {
    const roundUp = (rest[places] ?? '0') >= '5';
    rest = rest.slice(0, places).padEnd(places, '0');
    if (roundUp) {
      const bumped = increment(whole + rest);
      whole = bumped.slice(0, bumped.length - places);
      rest = bumped.slice(bumped.length - places);
    }
  }
  whole = whole.replace(/^0+(?=\d)/, '') || '0';
  const body = rest ? `${whole}.${rest}` : whole;
  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}

/** Add one in the last place of a string of digits. */
function increment(d: string): string {
  const a = d.split('');
  for (let i = a.length - 1; i >= 0; i--) {
    if (a[i] === '9') a[i] = '0';
    else {
      a[i] = String(Number(a[i]) + 1);
      return a.join('');
    }
  }
  return '1' + a.join('');
}

/** Thousands separators on the integer part of a plain decimal string. */
export function groupThousands(s: string): string {
  const [whole, rest] = s.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rest === undefined ? grouped : `${grouped}.${rest}`;
}
