import { noteServerToday } from './today';
/**
 * The one HTTP client of the web app (console and phone pages).
 * It holds the CSRF token, sends the session cookie, and turns every problem+json answer
 * into a typed `ApiError` so that pages can show `detail` and map `errors[]` onto form fields.
 */

export const API_BASE = '/api/v1';

export interface ProblemFieldError {
  field: string;
  code: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code?: string;
  detail?: string;
  errors?: ProblemFieldError[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title || `请求失败（${problem.status}）`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code ?? 'unknown';
    this.problem = problem;
  }

  /** The sentence to show a person: the server's Chinese detail, else its title. */
  get userMessage(): string {
    return this.message;
  }

  get fieldErrors(): ProblemFieldError[] {
    return this.problem.errors ?? [];
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request answers 401 (the session ended): the app sends the user to the login page. */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

export function buildUrl(path: string, query?: Query): string {
  const url = path.startsWith('/api/') || path.startsWith('/open311/') ? path : API_BASE + path;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

async function readProblem(res: Response): Promise<Problem> {
  const fallback: Problem = { status: res.status, title: statusTitle(res.status) };
  const text = await res.text().catch(() => '');
  if (!text) return fallback;
  try {
    const body = JSON.parse(text) as Partial<Problem>;
    return { ...fallback, ...body, status: body.status ?? res.status };
  } catch {
    return fallback;
  }
}

function statusTitle(status: number): string {
  if (status === 401) return '登录已失效，请重新登录';
  if (status === 403) return '没有权限执行该操作';
  if (status === 404) return '请求的内容不存在';
  if (status === 429) return '请求过于频繁，请稍后再试';
  if (status >= 500) return '服务器暂时无法处理请求，请稍后再试';
  return `请求失败（${status}）`;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Do not call the 401 handler (used by the login and "who am I" calls themselves). */
  quiet401?: boolean;
  signal?: AbortSignal;
  /** Extra headers, e.g. an Idempotency-Key for a submission the user may retry. */
  headers?: Record<string, string>;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    ...options.headers,
    accept: 'application/json, application/problem+json',
  };
  // A Blob (an uploaded file) goes as it is, with its own type; anything else as JSON.
  const file = options.body instanceof Blob ? options.body : null;
  if (file) headers['content-type'] = file.type || 'application/octet-stream';
  else if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: file ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'network', title: '网络连接失败，请检查网络后重试' });
  }

  noteServerToday(res.headers.get('x-honglian-today'));
  if (!res.ok) {
    const problem = await readProblem(res);
    if (res.status === 401 && !options.quiet401) unauthorizedHandler?.();
    throw new ApiError(problem);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, options?: Omit<RequestOptions, 'query' | 'body'>) =>
    request<T>('GET', path, { ...options, query }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('POST', path, { ...options, body: body ?? {} }),
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('PUT', path, { ...options, body: body ?? {} }),
  patch: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('PATCH', path, { ...options, body: body ?? {} }),
  delete: <T = void>(path: string, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('DELETE', path, options),
  /**
   * POSTs a file as the request body itself (its `type` is the content type), e.g. an .xlsx import;
   * `upload` below sends a multipart form instead.
   */
  postFile: <T>(path: string, file: Blob, query?: Query) => request<T>('POST', path, { query, body: file }),
  download,
};

/**
 * GETs a file (an Excel export or template) and hands it to the browser as a download named as the
 * server says; a problem answer is thrown as an ApiError like any other request.
 */
async function download(path: string, query?: Query, fallbackName = 'download'): Promise<string> {
  let res: Response;
  try {
    res = await fetch(buildUrl(path, query), { credentials: 'same-origin' });
  } catch {
    throw new ApiError({ status: 0, code: 'network', title: '网络连接失败，请检查网络后重试' });
  }
  if (!res.ok) {
    const problem = await readProblem(res);
    if (res.status === 401) unauthorizedHandler?.();
    throw new ApiError(problem);
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const name = encoded ? decodeURIComponent(encoded) : (plain ?? fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** POST a multipart form (file uploads), with the CSRF header; problems become `ApiError` as elsewhere. */
export async function upload<T>(path: string, form: FormData): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(buildUrl(path), { method: 'POST', headers, credentials: 'same-origin', body: form });
  } catch {
    throw new ApiError({ status: 0, code: 'network', title: '网络连接失败，请检查网络后重试' });
  }
  if (!res.ok) {
    const problem = await readProblem(res);
    if (res.status === 401) unauthorizedHandler?.();
    throw new ApiError(problem);
  }
  return (await res.json()) as T;
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** A message for any thrown value: the server's detail for an ApiError, a generic sentence otherwise. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.userMessage;
  return '操作失败，请稍后重试';
}
