import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A comment as the mock stores it. */
export interface MockComment {
  id: number;
  issue: number;
  body: string;
  user: { login: string; type: 'User' | 'Bot' };
}

/** A loopback stand-in for the parts of GitHub's REST API the sticky comment uses. */
export interface MockGitHub {
  url: string;
  /** Every comment, on every issue, in creation order: the state tests assert on. */
  comments: MockComment[];
  /** `METHOD path?query` of every request, in order. */
  requests: string[];
  /** Adds a comment as if someone had posted it. */
  seed(issue: number, body: string, user?: MockComment['user']): MockComment;
  close(): Promise<void>;
}

const BOT = { login: 'github-actions[bot]', type: 'Bot' } as const;
const BODY_LIMIT = 65_536;

/**
 * Serves `GET/POST /repos/{repo}/issues/{n}/comments` (pages of `per_page`, with a `Link` header
 * naming the next and last pages as GitHub does) and `PATCH`/`DELETE /repos/{repo}/issues/comments/{id}`,
 * for one repository and token; a wrong token gets 401, a body over 65,536 characters 422.
 */
export async function startMockGitHub(options: { repository: string; token: string }): Promise<MockGitHub> {
  const comments: MockComment[] = [];
  const requests: string[] = [];
  let nextId = 1000;
  let url = '';
  const seed = (issue: number, body: string, user: MockComment['user'] = BOT): MockComment => {
    const comment = { id: (nextId += 1), issue, body, user };
    comments.push(comment);
    return comment;
  };
  const wire = (comment: MockComment) => ({
    id: comment.id,
    body: comment.body,
    html_url: `https://github.example/${options.repository}/pull/${comment.issue}#issuecomment-${comment.id}`,
    user: comment.user,
    created_at: '2026-01-01T00:00:00Z',
  });

  const handle = (request: IncomingMessage, response: ServerResponse, text: string): void => {
    const target = new URL(request.url ?? '/', url);
    requests.push(`${request.method} ${target.pathname}${target.search}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${options.token}`) return send(401, { message: 'Bad credentials' });
    const prefix = `/repos/${options.repository}/issues/`;
    if (!target.pathname.startsWith(prefix)) return send(404, { message: 'Not Found' });
    const rest = target.pathname.slice(prefix.length);
    const list = /^(\d+)\/comments$/.exec(rest);
    const one = /^comments\/(\d+)$/.exec(rest);
    if (list && request.method === 'GET') {
      const issue = Number(list[1]);
      const perPage = Math.min(Number(target.searchParams.get('per_page') ?? 30), 100);
      const page = Number(target.searchParams.get('page') ?? 1);
      const all = comments.filter((comment) => comment.issue === issue);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = (n: number) => `<${url}${target.pathname}?per_page=${perPage}&page=${n}>`;
      const links = page < last ? [`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`] : [];
      return send(200, all.slice((page - 1) * perPage, page * perPage).map(wire), links.length ? { link: links.join(', ') } : {});
    }
    if (one && request.method === 'DELETE') {
      const index = comments.findIndex((comment) => comment.id === Number(one[1]));
      if (index < 0) return send(404, { message: 'Not Found' });
      comments.splice(index, 1);
      response.writeHead(204).end();
      return;
    }
    const body = text ? (JSON.parse(text) as { body?: unknown }).body : undefined;
    if (typeof body !== 'string') return send(422, { message: 'Validation Failed' });
    if (body.length > BODY_LIMIT) return send(422, { message: 'Validation Failed', errors: [{ message: `Body is too long (maximum is ${BODY_LIMIT} characters)` }] });
    if (list && request.method === 'POST') return send(201, wire(seed(Number(list[1]), body)));
    const existing = one && request.method === 'PATCH' ? comments.find((comment) => comment.id === Number(one[1])) : undefined;
    if (!existing) return send(404, { message: 'Not Found' });
    existing.body = body;
    return send(200, wire(existing));
  };

  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => handle(request, response, text));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    comments,
    requests,
    seed,
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
