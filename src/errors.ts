/**
 * The one user-facing error. Anything the user can fix (bad option, missing path, unreadable
 * input) is a VetError with a catalogue code, a Chinese message and the exit code to leave with.
 * Anything else is a bug and is reported as such by the CLI.
 */
import { USER_ERRORS, type UserErrorCode } from './messages.js';

export class VetError extends Error {
  readonly code: UserErrorCode;
  readonly exitCode: number;
  constructor(code: UserErrorCode, params: Record<string, string | number> = {}) {
    const entry = USER_ERRORS[code];
    super(entry.text(params));
    this.name = 'VetError';
    this.code = code;
    this.exitCode = entry.exit;
  }
}

export function isVetError(e: unknown): e is VetError {
  return e instanceof VetError;
}
