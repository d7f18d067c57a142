/** A failed look-up step; `reason` is one short sentence shown to the user as is. */
export class RegistryError extends Error {
  /** `notFound`: the registry answered that the image (its tag or digest) does not exist. */
  constructor(readonly reason: string, readonly notFound = false) {
    super(reason);
  }
}

/** Milliseconds as the user reads them: `5 s`, `0.5 s`. */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** Byte counts in messages: `4 MB`, `64 KB`. */
export function kilobytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Number((bytes / 1024 / 1024).toFixed(1))} MB` : `${Math.round(bytes / 1024)} KB`;
}
