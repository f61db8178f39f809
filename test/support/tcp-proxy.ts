import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy to a database that a test can take down (connections refused, open ones cut) and bring back, or whose
 * open connections it can cut silently, as a firewall dropping idle connections does: the client learns only when it
 * next writes (its write is answered with a reset).
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly pairs = new Set<{ client: Socket; upstream: Socket; cut: boolean }>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async up(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      const pair = { client, upstream, cut: false };
      this.pairs.add(pair);
      client.on('data', (chunk) => {
        if (pair.cut) client.resetAndDestroy();
        else upstream.write(chunk);
      });
      upstream.on('data', (chunk) => {
        if (!pair.cut) client.write(chunk);
      });
      client.on('close', () => {
        this.pairs.delete(pair);
        upstream.destroy();
      });
      upstream.on('close', () => {
        if (!pair.cut) client.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Drops every open connection's upstream without telling its client (see the class comment). */
  cutSilently(): void {
    for (const pair of this.pairs) {
      pair.cut = true;
      pair.upstream.destroy();
    }
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
