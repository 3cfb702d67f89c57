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
      const reason = error instanceof Error ? error : new Error(String(error));
      // Answer once the consumer has cleaned up (quota, partial file): a retry then finds them freed.
      if (result) {
        result.then(
          () => reject(reason),
          () => reject(reason),
        );
      } else {
        reject(reason);
      }
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
    // A client that goes away ends neither the request stream nor the parser by itself: without
    // this the upload would wait forever, holding its slot, its quota and a partial file.
    request.on('close', () => {
      if (!request.complete) {
        parser.destroy(new Error('The client went away during the upload'));
      }
    });
    request.pipe(parser);
  });
}
