// A backup or restore that cannot go on, with a message an operator can act on; `code` is stable for scripts
// and tests ("wrong_key", "corrupted", "not_empty", ...).
export class BackupError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}
