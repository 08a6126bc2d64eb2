// The process exit codes of `vigil`. Anything other than these is a bug.

export const ExitCode = {
  /** The command did what it was asked and the input has no errors. */
  ok: 0,
  /** The input has errors: rules, facts or fixtures (diagnostics were printed). */
  inputErrors: 1,
  /** The command line is wrong: unknown command or option, missing argument, unreadable path. */
  usage: 2,
  /** An unexpected failure inside vigil (a bug); the stack is printed when VIGIL_DEBUG is set. */
  internal: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
