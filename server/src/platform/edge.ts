import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, problemOf, sendProblem } from './errors.ts';
import { SECURITY_HEADERS } from './http.ts';

/**
 * The errors Fastify and Node answer before any route is found — a request line or headers too long
 * (431), a URL the router cannot decode (400) or a path parameter too long (414), bytes that are not
 * HTTP at all — answer problem+json with a Chinese title and a stable code, like every other error.
 */

/** Node's HTTP parser refused the request; there is no request object, only the socket. */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket) {
  // a connection reset or an already closed socket: nobody to answer
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, detail]: [ErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ['headers_too_large', '请求地址或请求头超过 16 KB，请缩短查询条件']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['request_timeout', '请求在规定时间内没有发送完毕']
        : error.code === 'HPE_INVALID_CONTENT_LENGTH' || error.code === 'HPE_UNEXPECTED_CONTENT_LENGTH'
          ? ['bad_request', '请求头 Content-Length 无效']
          : ['bad_request', '请求不是有效的 HTTP 请求'];
  const problem = { ...problemOf(code, detail), requestId: randomUUID() };
  const body = JSON.stringify(problem);
  this.log.debug({ err: error }, 'client error');
  if (socket.writable) {
    const headers = [
      `HTTP/1.1 ${problem.status} ${STATUS_TEXT[problem.status] ?? 'Bad Request'}`,
      'Content-Type: application/problem+json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `X-Request-Id: ${problem.requestId}`,
      'Cache-Control: no-store',
      ...Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}`),
      'Connection: close',
    ];
    socket.write(`${headers.join('\r\n')}\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/** The router could not take the URL apart (Fastify's `frameworkErrors`). */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  // these answers skip the hooks, so the headers every answer carries are set here
  reply.headers({ ...SECURITY_HEADERS, 'x-request-id': String(request.id), 'cache-control': 'no-store' });
  const problem =
    error.code === 'FST_ERR_BAD_URL'
      ? problemOf('bad_request', '请求地址中有无效的百分号编码（%XX）')
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? problemOf('uri_too_long', '请求地址中的参数过长')
        : problemOf('bad_request', '请求地址无效');
  return sendProblem(reply, { ...problem, requestId: String(request.id) });
}

/**
 * Request bodies are read as sent: a compressed body (Content-Encoding: gzip, br, ...) would be
 * parsed as garbage, so it is refused 415 (RFC 9110 §15.5.16) with a message that says why.
 */
export function registerContentEncoding(app: FastifyInstance) {
  app.addHook('onRequest', async (request, reply) => {
    const encoding = request.headers['content-encoding'];
    if (encoding === undefined || encoding.trim().toLowerCase() === 'identity' || encoding.trim() === '')
      return;
    return sendProblem(
      reply.header('accept-encoding', 'identity'),
      problemOf('unsupported_media_type', '不支持压缩的请求体（Content-Encoding），请发送未压缩的内容'),
    );
  });
}
