import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadConfig } from '../config/app-config';
import { loggerOptions, redactPath, redactQuery } from './logger-options';

type LevelOf = (request: IncomingMessage, response: ServerResponse, error?: Error) => string;

function levelOf(url: string, statusCode: number, error?: Error): string {
  const options = loggerOptions(loadConfig({}));
  const pinoHttp = options.pinoHttp as { customLogLevel: LevelOf };
  return pinoHttp.customLogLevel({ url } as IncomingMessage, { statusCode } as ServerResponse, error);
}

describe('request log levels', () => {
  it('keeps answered long polls out of the info log, which a polling client would fill', () => {
    expect(levelOf('/api/events/poll?channel=board%3Ab1&wait=25', 200)).toBe('debug');
    expect(levelOf('/api/boards', 200)).toBe('info');
  });

  it('still warns about refused polls and reports failures as errors', () => {
    expect(levelOf('/api/events/poll?wait=99', 400)).toBe('warn');
    expect(levelOf('/api/events/poll', 503)).toBe('error');
    expect(levelOf('/api/events/poll', 200, new Error('boom'))).toBe('error');
  });
});

describe('redactQuery', () => {
  it('logs the names of query parameters, never their values', () => {
    expect(redactQuery('/api/events/poll?cursor=board:b1@e:1-0&token=secret')).toBe('/api/events/poll?cursor=[redacted]&token=[redacted]');
  });
});

describe('redactPath', () => {
  it("hides an invite link's token, on preview and on accept, and leaves other paths alone", () => {
    expect(redactPath('/api/invite-links/AbC_-123/accept')).toBe('/api/invite-links/[redacted]/accept');
    expect(redactPath('/api/invite-links/AbC_-123?x=1')).toBe('/api/invite-links/[redacted]?x=1');
    expect(redactPath('/api/boards/b1/invite-links/l1')).toBe('/api/boards/b1/invite-links/l1');
  });

  it('is applied to the logged request, with the parsed token parameter redacted too', () => {
    const pinoHttp = loggerOptions(loadConfig({})).pinoHttp as {
      serializers: { req: (request: { url: string }) => { url: string } };
      redact: { paths: string[] };
    };
    expect(pinoHttp.serializers.req({ url: '/api/invite-links/secret-token/accept' }).url).toBe('/api/invite-links/[redacted]/accept');
    expect(pinoHttp.redact.paths).toContain('req.params.token');
  });
});
