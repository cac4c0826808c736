import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  handshakeProtocols,
  pageAddress,
  splitFragment,
  TOKEN_PROTOCOL_PREFIX,
  WS_PROTOCOL,
} from '../../src-main/host/handshake.js';

const TOKEN = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5';

describe('handshake', () => {
  it('puts the token only in the fragment of the page address', () => {
    const url = new URL(pageAddress('http://127.0.0.1:4000', TOKEN));
    expect(url.search).toBe('');
    expect(url.pathname).toBe('/');
    expect(url.hash).toBe(`#token=${TOKEN}`);
  });

  it('offers the protocol name and the token as two subprotocol values', () => {
    expect(handshakeProtocols(TOKEN)).toEqual([WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${TOKEN}`]);
  });

  it('splits a fragment into the token and the route after it', () => {
    expect(splitFragment(`#token=${TOKEN}`)).toEqual({ token: TOKEN, rest: '' });
    expect(splitFragment(`#token=${TOKEN}#/history`)).toEqual({ token: TOKEN, rest: '#/history' });
    expect(splitFragment(`#token=${TOKEN}&/run/r1`)).toEqual({ token: TOKEN, rest: '#/run/r1' });
    expect(splitFragment('#/history')).toEqual({ rest: '#/history' });
    expect(splitFragment('')).toEqual({ rest: '' });
  });

  it('attack: a fragment that only looks like a token yields none and is dropped', () => {
    expect(splitFragment('#token=')).toEqual({ rest: '' });
    expect(splitFragment('#token=short')).toEqual({ rest: '' });
    expect(splitFragment('#token=<script>alert(1)</script>')).toEqual({ rest: '' });
  });

  it('any token and route survive the round trip through an address', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/);
    const route = fc.stringMatching(/^\/[a-z0-9/_-]{0,30}$/);
    fc.assert(
      fc.property(token, route, (t, r) => {
        const hash = new URL(`${pageAddress('http://127.0.0.1:1', t)}#${r}`).hash;
        const split = splitFragment(hash);
        return split.token === t && split.rest === `#${r}`;
      }),
    );
  });
});
