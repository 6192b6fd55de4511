import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Real HTTP servers on 127.0.0.1 for what nock cannot fake faithfully: a server too slow to answer (nock's
 * delay does not trip the SDK's timeout, see stack notes), one that fails every request, and a closed port.
 */
export interface LocalServer {
  url: string;
  requests: { path: string; body: string }[];
  close(): Promise<void>;
}

export async function startServer(handle: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<LocalServer> {
  const requests: { path: string; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      requests.push({ path: req.url ?? '', body });
      handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Accepts every request and never answers. */
export const startSilentServer = () => startServer(() => {});

/** Answers every request with the same error status and an OpenAI-shaped error body. */
export const startFailingServer = (status = 500) =>
  startServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } }));
  });

/** A port on 127.0.0.1 with nothing listening. */
export async function closedPortUrl(): Promise<string> {
  const s = await startServer(() => {});
  await s.close();
  return s.url;
}
