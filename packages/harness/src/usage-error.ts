/** A wrong request (a path that does not exist, a bad filter): the CLI's usage error. */
export class HarnessUsageError extends Error {
  override readonly name = 'HarnessUsageError';
}
