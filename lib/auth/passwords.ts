import bcrypt from "bcryptjs";

/**
 * bcrypt (bcryptjs: pure JavaScript, so no native build on the servers Bloom runs on).
 * Cost 11 ≈ 150 ms on a 2-core VM: slow enough to make guessing expensive, fast enough for
 * a sign-in. Passwords are NFC-normalised so the same unicode password typed on two systems
 * hashes the same; bcrypt reads at most 72 bytes, so longer passwords are refused rather
 * than silently truncated.
 */
const COST = 11;
export const MAX_PASSWORD_BYTES = 72;
export const MIN_PASSWORD_LENGTH = 8;

export function passwordProblem(password: string): string | undefined {
  const normalized = password.normalize("NFC");
  if ([...normalized].length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (Buffer.byteLength(normalized, "utf8") > MAX_PASSWORD_BYTES) return `must be at most ${MAX_PASSWORD_BYTES} bytes`;
  return undefined;
}

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password.normalize("NFC"), COST);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password.normalize("NFC"), hash);
}

/** A hash of nothing, compared against when the user does not exist, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= bcrypt.hash("no such user", COST);
  await bcrypt.compare(password.normalize("NFC"), await dummyHash);
}
