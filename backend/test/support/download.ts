import request from 'supertest';

/** GETs a binary body as a Buffer (supertest would otherwise decode text). */
export async function download(
  url: string,
  path: string,
  token: string,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const response = await request(url)
    .get(path)
    .set('Authorization', `Bearer ${token}`)
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
  return { status: response.status, headers: response.headers, body: response.body as Buffer };
}
