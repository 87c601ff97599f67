import { expect, test } from 'vitest';

import { parseStartOptions, startArgs } from './start-options';

test('defaults: 127.0.0.1, $PORT else 3000, idle keep-alive 65 s', () => {
  expect(parseStartOptions([], {})).toEqual({ hostname: '127.0.0.1', port: 3000, keepAliveTimeoutMs: 65_000 });
  expect(parseStartOptions([], { PORT: '8080' }).port).toBe(8080);
});

test("next start's option names, short and long, with a space or =", () => {
  expect(parseStartOptions(['-H', '0.0.0.0', '-p', '3290', '--keepAliveTimeout', '120000'], {})).toEqual({ hostname: '0.0.0.0', port: 3290, keepAliveTimeoutMs: 120000 });
  expect(parseStartOptions(['--hostname=::1', '--port=0', '--keepAliveTimeout=0'], { PORT: '9' })).toEqual({ hostname: '::1', port: 0, keepAliveTimeoutMs: 0 });
});

test('a bad value or an unknown option is refused, naming it', () => {
  expect(() => parseStartOptions(['-p', '65536'], {})).toThrow('-p must be an integer from 0 to 65535 (got "65536")');
  expect(() => parseStartOptions(['--port', 'abc'], {})).toThrow('--port must be an integer');
  expect(() => parseStartOptions(['--port'], {})).toThrow('(got nothing)');
  expect(() => parseStartOptions(['--keepAliveTimeout', '-1'], {})).toThrow('--keepAliveTimeout must be an integer from 0');
  expect(() => parseStartOptions(['-H', '-p'], {})).toThrow('-H needs a host name');
  expect(() => parseStartOptions([], { PORT: '3.5' })).toThrow('PORT must be an integer');
  expect(() => parseStartOptions(['--inspect'], {})).toThrow('unknown option "--inspect"');
});

test('startArgs gives the child the same options back', () => {
  for (const o of [parseStartOptions(['-p', '4000'], {}), parseStartOptions(['-H', 'localhost', '--keepAliveTimeout', '65000'], {})]) {
    expect(parseStartOptions(startArgs(o), {})).toEqual(o);
  }
});
