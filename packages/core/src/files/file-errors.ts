// File-system errors in words, for messages that name the file and the reason.

/** `permission denied`, `no such file or directory`, …; the system's message otherwise. */
export function describeFileError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EDQUOT':
      return 'the disk quota is exceeded';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EIO':
      return 'input/output error';
    default: {
      const message = error instanceof Error ? error.message : String(error);
      // Node's messages start with the code and end with the syscall and path: keep the words.
      const m = /^[A-Z]+: ([^,]+)/.exec(message);
      return m ? m[1]! : message;
    }
  }
}
