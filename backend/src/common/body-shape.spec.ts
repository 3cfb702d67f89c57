import { bodyShapeProblem, MAX_BODY_DEPTH } from './body-shape';

describe('bodyShapeProblem', () => {
  it('accepts ordinary bodies and no body', () => {
    expect(bodyShapeProblem(undefined)).toBeUndefined();
    expect(bodyShapeProblem({ type: 'board.export', params: { format: 'json' } })).toBeUndefined();
    expect(bodyShapeProblem({ usernames: ['ada', 'grace'] })).toBeUndefined();
  });

  it('refuses a body that is not an object', () => {
    for (const body of [[1, 2], 'text', 42, null, true]) {
      expect(bodyShapeProblem(body)).toBe('Request body must be a JSON object');
    }
  });

  it('refuses deep nesting at any depth without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) {
      deep = [deep];
    }
    expect(bodyShapeProblem({ username: deep })).toMatch(/nested more than/);
    let atLimit: unknown = 'leaf';
    for (let i = 0; i < MAX_BODY_DEPTH; i++) {
      atLimit = { a: atLimit };
    }
    expect(bodyShapeProblem(atLimit)).toBeUndefined();
    expect(bodyShapeProblem({ a: atLimit })).toMatch(/nested more than/);
  });

  it('refuses prototype keys anywhere', () => {
    expect(bodyShapeProblem(JSON.parse('{"title":"a","__proto__":{"admin":true}}'))).toMatch(/__proto__/);
    expect(bodyShapeProblem(JSON.parse('{"params":{"constructor":{"prototype":{}}}}'))).toMatch(/constructor/);
    expect(bodyShapeProblem(JSON.parse('{"ids":[{"prototype":1}]}'))).toMatch(/prototype/);
  });
});
