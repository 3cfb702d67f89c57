import { expect } from '@jest/globals';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AuthService } from '../auth/auth.service';
import type { MetricsService } from '../metrics/metrics.service';
import { mountStreamRoute, StreamRoute } from './stream-route';
import type { ConnectionsService } from './connections.service';
import type { StreamService } from './stream.service';

/** A route whose stream opening is recorded, not run: what matters here is which requests it takes. */
function routeFor(corsEnabled = false): { route: StreamRoute; opened: string[] } {
  const opened: string[] = [];
  const route = new StreamRoute({
    streams: {} as StreamService,
    connections: { takeConnectToken: () => undefined } as unknown as ConnectionsService,
    auth: { assertSigned: () => Promise.resolve() } as unknown as AuthService,
    guards: [
      {
        canActivate: (context) => {
          opened.push(context.switchToHttp().getRequest<IncomingMessage>().url ?? '');
          return false;
        },
      },
    ],
    metrics: { httpDuration: { observe: () => undefined } } as unknown as MetricsService,
    securityHeaders: [['X-Content-Type-Options', 'nosniff']],
    corsEnabled,
  });
  return { route, opened };
}

function requestOf(method: string, url: string, headers: Record<string, string> = {}): IncomingMessage {
  return { method, url, headers: { authorization: 'Bearer signed', ...headers } } as unknown as IncomingMessage;
}

function response(): ServerResponse {
  const sent: unknown[] = [];
  return {
    once: () => undefined,
    headersSent: false,
    writeHead: (...args: unknown[]) => {
      sent.push(args);
      return { end: () => undefined };
    },
  } as unknown as ServerResponse;
}

describe('StreamRoute', () => {
  it.each([
    ['GET', '/api/events'],
    ['GET', '/api/events?channel=board:1&lastEventId=x'],
  ])('takes %s %s', (method, url) => {
    const { route } = routeFor();
    expect(route.handle(requestOf(method, url), response())).toBe(true);
  });

  it.each([
    ['GET', '/api/events/'],
    ['GET', '/api/events/poll?channel=board:1'],
    ['GET', '/api/eventsx'],
    ['GET', '/API/EVENTS'],
    ['POST', '/api/events'],
    ['HEAD', '/api/events'],
  ])('leaves %s %s to Express', (method, url) => {
    const { route } = routeFor();
    expect(route.handle(requestOf(method, url), response())).toBe(false);
  });

  it('leaves a cross-origin stream to Express when CORS is on, for its headers', () => {
    const { route } = routeFor(true);
    expect(route.handle(requestOf('GET', '/api/events', { origin: 'https://app.example' }), response())).toBe(false);
    expect(route.handle(requestOf('GET', '/api/events'), response())).toBe(true);
  });

  it('runs the guards on what it takes', async () => {
    const { route, opened } = routeFor();
    route.handle(requestOf('GET', '/api/events?channel=board:1'), response());
    await new Promise((resolve) => setImmediate(resolve));
    expect(opened).toEqual(['/api/events?channel=board:1']);
  });

  it('sits in front of the one request listener and hands it everything else', () => {
    const seen: string[] = [];
    const server = createServer((request) => seen.push(request.url ?? ''));
    mountStreamRoute(server, routeFor().route);
    server.emit('request', requestOf('GET', '/api/boards'), response());
    server.emit('request', requestOf('GET', '/api/events'), response());
    expect(seen).toEqual(['/api/boards']);
  });

  it('refuses to mount when the server does not have exactly one request listener', () => {
    const server = createServer(() => undefined);
    server.on('request', () => undefined);
    expect(() => mountStreamRoute(server, routeFor().route)).toThrow(/one request listener/);
  });
});
