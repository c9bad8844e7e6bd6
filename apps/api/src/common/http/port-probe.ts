import { createServer } from 'node:net';
import { ConfigError } from '../../config/config.error';

// Binds HOST:PORT for a moment before anything lasting happens (database, migrations, first owner), so a
// taken port is one line and exit 1 instead of a full first start that fails at the very end.
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((done, fail) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE'
          ? 'is already in use; stop what listens there or choose another PORT'
          : error.code === 'EACCES'
            ? 'may not be opened by this user; choose a PORT above 1023'
            : `cannot be opened (${error.code ?? error.message}); check HOST and PORT`;
      fail(new ConfigError(`port ${port} on ${host} ${reason}`));
    });
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => done()));
  });
}
