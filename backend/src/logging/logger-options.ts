import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { type AppConfig } from '../config/app-config';

const REQUEST_ID = /^[\w.:-]{1,64}$/;
const QUERY_NAME = /^[\w.[\]-]{1,40}$/;

/** JSON lines in production, pretty lines in development; secrets never logged. */
export function loggerOptions(config: AppConfig): Params {
  return {
    // A stream lives for hours and would keep a child logger and its listeners the whole time:
    // at thousands of streams that is real memory, for one log line at the end.
    exclude: [{ method: RequestMethod.GET, path: 'events' }],
    pinoHttp: {
      level: config.logLevel,
      transport:
        config.nodeEnv === 'development' && prettyAvailable()
          ? { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname' } }
          : undefined,
      genReqId: (request: IncomingMessage, response: ServerResponse) => {
        const given = request.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        response.setHeader('X-Request-Id', id);
        return id;
      },
      redact: {
        // An invite link's token is in its path: the parsed route parameter is hidden here, the URL below.
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'req.params.token'],
        censor: '[redacted]',
      },
      // A query string can carry a token (?token=, ?access_token=, a signed link): log its names only.
      serializers: { req: (request: SerializedRequest) => ({ ...request, url: redactQuery(redactPath(request.url)), query: undefined }) },
      autoLogging: { ignore: (request: IncomingMessage) => request.url?.startsWith('/api/health') === true },
      customLogLevel: (request: IncomingMessage, response: ServerResponse, error?: Error) =>
        error || response.statusCode >= 500
          ? 'error'
          : response.statusCode >= 400
            ? 'warn'
            : // A polling client asks again after every answer: one info line each would drown the log.
              request.url?.startsWith('/api/events/poll') === true
              ? 'debug'
              : 'info',
    },
  };
}

interface SerializedRequest {
  url: string;
  [field: string]: unknown;
}

/** Path segments that are secrets: `/api/invite-links/<token>[/accept]`. */
const SECRET_IN_PATH = /^(\/api\/invite-links\/)[^/?#]+/;

/** `/api/invite-links/abc/accept` → `/api/invite-links/[redacted]/accept`. */
export function redactPath(url: string): string {
  return url.replace(SECRET_IN_PATH, '$1[redacted]');
}

/** `/a?token=x&b=1` → `/a?token=[redacted]&b=[redacted]`. */
export function redactQuery(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) {
    return url;
  }
  const names = url
    .slice(mark + 1)
    .split('&')
    .filter(Boolean)
    // A bare value (`?eyJhbGciOi…`) is no name: a long or odd one is hidden whole.
    .map((pair) => {
      const name = pair.split('=')[0];
      return pair.includes('=') && QUERY_NAME.test(name) ? `${name}=[redacted]` : '[redacted]';
    });
  return `${url.slice(0, mark)}?${names.join('&')}`;
}

function prettyAvailable(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}
