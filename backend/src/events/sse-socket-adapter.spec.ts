import { Controller, MessageEvent, Param, Req, Sse, SseSignal, SSE_ABORT_CONTROLLER } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request } from 'express';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { EMPTY, type Observable } from 'rxjs';
import { REQUEST_SCRATCH, serveAfterNestHeaders, VERIFIED_AGAINST } from './sse-socket-adapter';

/**
 * Fails loudly when a Nest or Express upgrade changes what sse-socket-adapter.ts relies on:
 * a real Nest app with an @Sse() route hands its socket over, and every internal the adapter
 * touches is checked to exist and behave as it assumes.
 */

interface Observed {
  pipedFrom?: string;
  pipedBeforeBegin?: boolean;
  headersSentAtBegin?: boolean;
  headersSentAtTake?: boolean;
  chunked?: boolean;
  scratchBefore?: Record<string, boolean>;
  scratchAfter?: Record<string, unknown>;
  abortControllerIsSignals?: boolean;
  abortControllerAfter?: unknown;
  localsAfter?: unknown;
  signalAbortedAtTake?: boolean;
  signal?: AbortSignal;
  ends: number;
  socket?: Socket;
  ended?: () => void;
}

let observed: Observed;

@Controller('adapter')
class AdapterTestController {
  @Sse(':id')
  stream(@Param('id') _id: string, @Req() request: Request, @SseSignal() signal: AbortSignal): Observable<MessageEvent> {
    const response = request.res;
    if (response === undefined) {
      return EMPTY;
    }
    const state = request as unknown as Record<string | symbol, unknown>;
    observed.scratchBefore = Object.fromEntries(REQUEST_SCRATCH.map((field) => [field, field in state]));
    observed.abortControllerIsSignals = (state[SSE_ABORT_CONTROLLER] as AbortController | undefined)?.signal === signal;
    let began = 0;
    response.once('pipe', (source: unknown) => {
      observed.pipedFrom = (source as object).constructor.name;
      observed.pipedBeforeBegin = began === 0;
    });
    return serveAfterNestHeaders(response, signal, {
      begin: () => {
        began = Date.now();
        observed.headersSentAtBegin = response.headersSent;
      },
      take: (socket, chunked) => {
        observed.headersSentAtTake = response.headersSent;
        observed.chunked = chunked;
        observed.scratchAfter = Object.fromEntries(REQUEST_SCRATCH.map((field) => [field, state[field]]));
        observed.abortControllerAfter = state[SSE_ABORT_CONTROLLER];
        observed.localsAfter = (response as unknown as { locals?: unknown }).locals;
        observed.signalAbortedAtTake = signal.aborted;
        observed.signal = signal;
        observed.socket = socket;
        const frame = 'data: taken\n\n';
        socket.write(chunked ? `${frame.length.toString(16)}\r\n${frame}\r\n` : frame);
        return true;
      },
      end: () => {
        observed.ends++;
        observed.ended?.();
      },
    });
  }
}

function get(port: number, onBody: (text: string, request: http.ClientRequest) => void): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/adapter/42', headers: { accept: 'text/event-stream' } }, (response) => {
      resolve(response);
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        onBody(text, request);
      });
    });
    request.on('error', reject);
  });
}

describe('sse-socket-adapter against the installed Nest and Express', () => {
  it.each(Object.entries(VERIFIED_AGAINST))('was verified against the installed %s', (name, verified) => {
    const installed = (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
    if (installed !== verified) {
      throw new Error(
        `${name} ${installed} is installed, but backend/src/events/sse-socket-adapter.ts was verified against ${verified}. ` +
          'Re-verify what its header comment lists (the pipe of SseStream, when Nest commits the headers, what completing ' +
          'the Observable ends, SSE_ABORT_CONTROLLER, the request fields it clears), run this spec and `npm run bench`, ' +
          'then update VERIFIED_AGAINST.',
      );
    }
  });

  describe('a real @Sse() route', () => {
    let app: INestApplication;
    let port: number;

    beforeAll(async () => {
      @((await import('@nestjs/common')).Module({ controllers: [AdapterTestController] }))
      class AdapterTestModule {}
      app = await NestFactory.create<NestExpressApplication>(AdapterTestModule, { logger: false });
      await app.listen(0, '127.0.0.1');
      port = ((app.getHttpServer() as http.Server).address() as AddressInfo).port;
    });

    afterAll(async () => {
      // Streams handed over are the app's no more: Nest would wait for them to close.
      (app.getHttpServer() as http.Server).closeAllConnections();
      await app.close();
    });

    beforeEach(() => {
      observed = { ends: 0 };
    });

    it('hands the socket over once Nest has sent the headers, and Nest lets go without ending the response', async () => {
      const ended = new Promise<void>((resolve) => (observed.ended = resolve));
      const body = new Promise<string>((resolve) => {
        void get(port, (text) => {
          if (text.includes('data: taken')) {
            resolve(text);
          }
        }).then((response) => {
          expect(response.statusCode).toBe(200);
          expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
        });
      });

      // Only the blank line Nest writes as it commits the headers precedes the taker's frames.
      expect(await body).toBe('\ndata: taken\n\n');
      // Nest pipes its SseStream into the response before it subscribes to the handler's Observable.
      expect(observed.pipedFrom).toBe('SseStream');
      expect(observed.pipedBeforeBegin).toBe(true);
      // Nest commits the headers on a timer after subscribing, within the adapter's wait.
      expect(observed.headersSentAtBegin).toBe(false);
      expect(observed.headersSentAtTake).toBe(true);
      expect(observed.chunked).toBe(true);
      // The @SseSignal() controller is where the adapter drops it from.
      expect(observed.abortControllerIsSignals).toBe(true);
      expect(observed.abortControllerAfter).toBeUndefined();
      // What Express leaves on the request is there to clear, and cleared.
      expect(observed.scratchBefore).toMatchObject({ next: true, _parsedUrl: true, params: true });
      expect(Object.values(observed.scratchAfter ?? { missing: true }).every((value) => value === undefined)).toBe(true);
      expect(observed.localsAfter).toBeUndefined();
      // The stream is still open: the response's close is its end, not Nest completing.
      expect(observed.ends).toBe(0);

      observed.socket?.destroy();
      await ended;
      expect(observed.ends).toBe(1);
    });

    it('ends the stream once when the client leaves after the hand-over', async () => {
      const ended = new Promise<void>((resolve) => (observed.ended = resolve));
      await new Promise<void>((resolve) => {
        void get(port, (text, request) => {
          if (text.includes('data: taken')) {
            request.destroy();
            resolve();
          }
        });
      });
      await ended;
      await new Promise((resolve) => setImmediate(resolve));
      expect(observed.ends).toBe(1);
      // Nest aborts its signal as it lets go, right after the hand-over; that must not end the stream.
      expect(observed.signalAbortedAtTake).toBe(false);
      expect(observed.signal?.aborted).toBe(true);
    });
  });
});
