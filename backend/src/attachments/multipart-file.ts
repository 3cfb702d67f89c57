import busboy from 'busboy';
import type { Request } from 'express';
import { InvalidInputError } from '../common/domain-error';
import { NoFilePartError } from './attachments.errors';
import type { IncomingFile } from './attachments.service';

/**
 * Streams the one `file` part of a multipart request into `consume`, never buffering it. Other
 * parts are skipped. On failure the rest of the body is drained, so the client reads the error
 * answer instead of a reset connection.
 */
export function receiveFile<T>(request: Request, maxBytes: number, consume: (file: IncomingFile) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { files: 1, fields: 10, fieldSize: 1024, parts: 12, fileSize: maxBytes + 1 } });
    } catch {
      reject(new NoFilePartError());
      return;
    }
    let result: Promise<T> | undefined;
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) {
        return;
      }
      settled = true;
      request.unpipe(parser);
      request.resume();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || result) {
        stream.resume();
        return;
      }
      result = consume({ stream, name: info.filename, declaredType: info.mimeType });
      result.catch(fail);
    });
    parser.on('error', () => fail(new InvalidInputError('The multipart body could not be read')));
    parser.on('close', () => {
      if (!result) {
        fail(new NoFilePartError());
        return;
      }
      result.then((value) => {
        settled = true;
        resolve(value);
      }, fail);
    });
    request.pipe(parser);
  });
}
