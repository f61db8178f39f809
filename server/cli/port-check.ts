import { createServer } from 'node:net';
import { CliError } from './errors.ts';

/**
 * The CliError for a failed listen on HOST:PORT that names the variable to change, or null for any other error.
 * Exit code 2, like the other start errors the user fixes.
 */
export function listenError(error: unknown, host: string, port: number): CliError | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const where = `${host}:${port}`;
  const options = { cause: error };
  switch (code) {
    case 'EADDRINUSE':
      return new CliError(
        'PORT_IN_USE',
        `cannot listen on ${where}: another process is using port ${port}. Stop that process, or set PORT to a free port (e.g. PORT=${port === 65_535 ? 3000 : port + 1} npm start; PORT=0 picks any free one)`,
        options,
      );
    case 'EACCES':
      return new CliError(
        'PORT_FORBIDDEN',
        `cannot listen on ${where}: permission denied (ports below 1024 need privileges); set PORT to 1024 or above, e.g. PORT=3000`,
        options,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new CliError(
        'HOST_UNAVAILABLE',
        `cannot listen on ${where}: HOST=${host} is not an address of this machine; set HOST=127.0.0.1 (or HOST=0.0.0.0 in a container)`,
        options,
      );
    default:
      return null;
  }
}

/**
 * Binds HOST:PORT for a moment and lets go, so a busy port is reported at once rather than after the first-start work
 * (migrations, demo import, first model). PORT=0 (any free port) needs no check. The real listen maps the same errors,
 * for a port taken in between.
 */
export async function checkPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ host, port, exclusive: true }, () => resolve());
    });
  } catch (error) {
    throw listenError(error, host, port) ?? error;
  }
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
