/**
 * Server-Sent Events: the page listens on GET /api/events and reloads the deployment when the
 * file changes on disk.
 * @module
 */
import type { ServerResponse } from 'node:http';

const HEARTBEAT_MS = 15_000;

export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly timer: NodeJS.Timeout;

  constructor() {
    // A comment line now and then keeps proxies and idle timeouts from closing the stream.
    this.timer = setInterval(() => {
      for (const c of this.clients) c.write(': ping\n\n');
    }, HEARTBEAT_MS);
    this.timer.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Takes over a response as an event stream; `hello` is sent first. */
  attach(res: ServerResponse, hello: unknown): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: 2000\n\n`);
    res.write(frame('hello', hello));
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  broadcast(event: string, data: unknown): void {
    const f = frame(event, data);
    for (const c of this.clients) c.write(f);
  }

  close(): void {
    clearInterval(this.timer);
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}

/** One event; the data is JSON on one line, so it never needs `data:` continuation lines. */
const frame = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
