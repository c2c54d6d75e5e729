/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
 * alphabet (digits and capitals without I, O, Z, S, V), the last a check character over the first 17.
 * Position 1 is the registration authority: 9 is the market regulator (工商), 3 the justice
 * administration that registers law firms (司法行政). Pure.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character the first 17 characters call for, or undefined when one of them is not in the alphabet. */
export function creditCodeCheckCharacter(first17: string): string | undefined {
  let sum = 0;
  for (let index = 0; index < 17; index += 1) {
    const value = ALPHABET.indexOf(first17.charAt(index));
    if (value < 0) return undefined;
    sum += value * WEIGHTS[index]!;
  }
  return ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** Why the code is not a valid unified social credit code, or undefined when it is. */
export function creditCodeProblem(code: string): string | undefined {
  if (code.length !== 18) return `must be 18 characters (got ${code.length})`;
  const bad = [...code].find((character) => !ALPHABET.includes(character));
  if (bad !== undefined) return `"${bad}" is not allowed (digits and capital letters except I, O, Z, S, V)`;
  const expected = creditCodeCheckCharacter(code.slice(0, 17));
  if (expected !== code.charAt(17)) return `check character is ${code.charAt(17)}, GB 32100 calls for ${expected}`;
  return undefined;
}

/** Registered with the market regulator (Art. 21(1)): the registration authority code is 9 (工商, now 市场监管). */
export function registeredWithMarketRegulator(code: string): boolean {
  return code.charAt(0) === '9';
}
