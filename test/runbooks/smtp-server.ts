/**
 * A small but real SMTP server for the STARTTLS probe tests: it speaks the SMTP dialogue over
 * TCP and, when asked to, upgrades the connection with a real TLS handshake (Node's `tls` with a
 * self-signed certificate made by `openssl`). Its modes reproduce what a client sees through a
 * Cisco ASA before and after the fix.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

/** How the server answers EHLO. */
export type EhloMode =
  | 'starttls' // advertises STARTTLS and negotiates it
  | 'plain' // a server that offers no STARTTLS at all
  | 'masked'; // what a client sees through the ASA's default ESMTP inspection

/** A running test server. */
export interface SmtpServer {
  port: number;
  /** Number of completed TLS handshakes, to prove the probe really negotiated TLS. */
  handshakes(): number;
  /** Changes what new sessions see (the ASA reconfigured between two probes). */
  setMode(mode: EhloMode): void;
  close(): Promise<void>;
}

const HOSTNAME = 'mail.runlog.test';

function ehloLines(mode: EhloMode, secure: boolean): string[] {
  const offers = ['PIPELINING', 'SIZE 10240000'];
  if (mode === 'starttls' && !secure) offers.push('STARTTLS');
  if (mode === 'masked') offers.push('XXXXXXXA');
  offers.push('8BITMIME');
  return [HOSTNAME, ...offers].map((v, i, all) => `250${i === all.length - 1 ? ' ' : '-'}${v}`);
}

/** Reads CRLF lines from a socket and answers each, until the session closes or upgrades. */
function converse(
  socket: Socket,
  answer: (line: string) => 'upgrade' | 'close' | 'continue',
  onUpgrade: () => void,
): void {
  let buffer = '';
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
      const line = buffer.slice(0, at).replace(/\r$/, '');
      buffer = buffer.slice(at + 1);
      const next = answer(line);
      if (next === 'close') {
        socket.end();
        return;
      }
      if (next === 'upgrade') {
        socket.off('data', onData);
        onUpgrade();
        return;
      }
    }
  };
  socket.on('data', onData);
  socket.on('error', () => socket.destroy());
}

/** One SMTP session; `secure` once STARTTLS has switched the socket to TLS. */
function session(
  socket: Socket,
  mode: EhloMode,
  tls: { key: Buffer; cert: Buffer },
  onHandshake: () => void,
  secure = false,
): void {
  const say = (lines: string[]) => socket.write(lines.map((l) => `${l}\r\n`).join(''));
  if (!secure)
    say([mode === 'masked' ? '220 ****************************' : `220 ${HOSTNAME} ESMTP test`]);
  converse(
    socket,
    (line) => {
      const verb = line.split(' ')[0]?.toUpperCase() ?? '';
      if (verb === 'EHLO') say(ehloLines(mode, secure));
      else if (verb === 'HELO') say([`250 ${HOSTNAME}`]);
      else if (verb === 'STARTTLS' && mode === 'starttls' && !secure) {
        say(['220 2.0.0 Ready to start TLS']);
        return 'upgrade';
      } else if (verb === 'QUIT') {
        say(['221 2.0.0 Bye']);
        return 'close';
      } else say(['502 5.5.2 Error: command not recognized']);
      return 'continue';
    },
    () => {
      const upgraded = new TLSSocket(socket, { isServer: true, key: tls.key, cert: tls.cert });
      upgraded.on('secure', () => {
        onHandshake();
        session(upgraded, mode, tls, onHandshake, true);
      });
      upgraded.on('error', () => upgraded.destroy());
    },
  );
}

/** Starts the server on a free loopback port. */
export async function startSmtpServer(
  mode: EhloMode,
  tls: { key: Buffer; cert: Buffer },
): Promise<SmtpServer> {
  let count = 0;
  let current = mode;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    session(socket, current, tls, () => count++);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    handshakes: () => count,
    setMode: (next) => void (current = next),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
