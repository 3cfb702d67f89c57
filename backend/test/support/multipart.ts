import { randomBytes } from 'node:crypto';
import type { Response } from 'superagent';

export interface FilePart {
  data: Buffer;
  /** Sent as RFC 5987 `filename*`, so any character (CR, LF, RLO…) reaches the server as it is. */
  name?: string;
  /** The part's Content-Type; omitted when undefined. */
  type?: string;
}

/** A multipart/form-data body built by hand: test clients would clean the hostile names we want to send. */
export function multipart(part: FilePart, field = 'file'): { body: Buffer; contentType: string } {
  const boundary = `----corkboard${randomBytes(8).toString('hex')}`;
  const disposition =
    part.name === undefined
      ? `form-data; name="${field}"; filename="upload"`
      : `form-data; name="${field}"; filename*=UTF-8''${encodeURIComponent(part.name)}`;
  const head = [`--${boundary}`, `Content-Disposition: ${disposition}`, ...(part.type ? [`Content-Type: ${part.type}`] : []), '', ''].join(
    '\r\n',
  );
  return {
    body: Buffer.concat([Buffer.from(head), part.data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** Reads a response body as bytes, whatever its type. */
export function binary(response: Response, callback: (error: Error | null, body: Buffer) => void): void {
  // superagent hands parsers the raw Node response, typed as its own Response.
  const raw = response as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  raw.on('data', (chunk: Buffer) => chunks.push(chunk));
  raw.on('end', () => callback(null, Buffer.concat(chunks)));
}
