// Thrown for anything an operator must fix before Hot Leads can start; main.ts prints it as one line.
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
