import request from 'supertest';
import type { AuthResponse, ErrorBody } from '../../../contracts/api';

let counter = 0;

/** A username unique within this test run. */
export function uniqueUsername(prefix = 'user'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${Math.floor(Math.random() * 1e6)}`.slice(0, 32);
}

export interface Session extends AuthResponse {
  /** The Set-Cookie value, ready for a `Cookie` header. */
  cookie: string;
}

export async function register(url: string, username = uniqueUsername(), password = 'correct horse'): Promise<Session> {
  const response = await request(url).post('/api/auth/register').send({ username, password }).expect(201);
  const setCookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  return { ...(response.body as AuthResponse), cookie: setCookie[0]?.split(';')[0] ?? '' };
}

/** The error an API call answered with; supertest types every body `any`, the API has one error shape. */
export function errorOf(response: { body: unknown }): ErrorBody {
  return response.body as ErrorBody;
}
