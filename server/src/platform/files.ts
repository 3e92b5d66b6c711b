import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, fieldError } from './errors.ts';

/**
 * Uploaded files are served with the type their bytes show, never the type a client claimed: a page
 * uploaded as "image/png" must not come back as a page (stored XSS) or as an image that is not one.
 * Only images checked here are shown in place (`inline`); everything else is a download
 * (`attachment`), and every answer carries `X-Content-Type-Options: nosniff` (platform/http.ts).
 */

export const OOXML_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** Images a browser may show in place once their signature is checked. */
export const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
]);

const startsWith = (data: Buffer, bytes: number[], at = 0) =>
  data.length >= at + bytes.length && bytes.every((b, i) => data[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * The type the bytes show: JPEG, PNG, WebP, GIF, PDF, a ZIP container (an Office file is one), or
 * `application/octet-stream` for anything else (text, HTML, SVG, programs).
 */
export function detectType(data: Buffer): string {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(data, ascii('GIF87a')) || startsWith(data, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(data, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) return 'application/zip';
  return 'application/octet-stream';
}

/**
 * The type to store and serve: the detected one, except that a ZIP container claimed as a Word or
 * Excel file keeps that name (both are ZIPs, and served as downloads either way).
 */
export function checkedType(data: Buffer, claimed: string | null | undefined): string {
  const detected = detectType(data);
  const claim = claimed?.split(';')[0]?.trim().toLowerCase();
  if (detected === 'application/zip' && (claim === OOXML_TYPES.docx || claim === OOXML_TYPES.xlsx))
    return claim;
  return detected;
}

/** `filename*` for any name, and a plain ASCII `filename` for old clients. */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_').trim() || 'file';
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Sends a stored upload: the type is decided from its bytes at every download (rows stored before
 * uploads were checked are served safely too), inline only for a checked image.
 */
export function sendStoredFile(
  reply: FastifyReply,
  file: { name: string; content: Buffer; claimedType?: string | null },
) {
  const type = checkedType(file.content, file.claimedType);
  return reply
    .type(type)
    .header(
      'content-disposition',
      contentDisposition(INLINE_IMAGE_TYPES.has(type) ? 'inline' : 'attachment', file.name),
    )
    .send(file.content);
}

/**
 * Uploaded files (meeting photos and minutes, a case's 办理凭证): which types are taken, how large, and
 * whether the bytes are what the declared type says. Files are stored beside the object they belong
 * to, as bytea (`meeting_files`, `case_attachments`), and served back through that object's scope.
 */
export const FILE_TYPES: Record<string, 'photo' | 'file'> = {
  'image/jpeg': 'photo',
  'image/png': 'photo',
  'image/webp': 'photo',
  'application/pdf': 'file',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'file',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'file',
};
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface Upload {
  name: string;
  contentType: string;
  buffer: Buffer;
}

/**
 * The kind of an upload ('photo' | 'file'), or the problem with it: 415 for a type not taken, 413 past
 * 5 MB, a 400 naming the field `file` (with `code`) when it is empty or its bytes are not of its type.
 */
export function checkUpload(file: Upload, code: string): 'photo' | 'file' {
  const kind = FILE_TYPES[file.contentType];
  if (!kind)
    throw new AppError('unsupported_media_type', {
      detail: '只能上传 JPG、PNG、WebP 照片或 PDF、Word、Excel 文件',
    });
  if (file.buffer.length === 0) throw fieldError('file', code, '文件是空的');
  if (file.buffer.length > MAX_FILE_BYTES)
    throw new AppError('payload_too_large', { detail: '单个文件不能超过 5 MB' });
  // what the bytes are decides, not what the browser said
  if (checkedType(file.buffer, file.contentType) !== file.contentType)
    throw fieldError('file', code, '文件内容与类型不符');
  return kind;
}

/** Reads the one file of a multipart/form-data request (field `file`). */
export async function readUpload(req: FastifyRequest, code: string, fallbackName: string): Promise<Upload> {
  if (!req.isMultipart())
    throw new AppError('unsupported_media_type', { detail: '请以 multipart/form-data 上传文件' });
  const part = await req.file();
  if (!part) throw fieldError('file', code, '请选择要上传的文件');
  const buffer = await part.toBuffer().catch(() => {
    throw new AppError('payload_too_large', { detail: '单个文件不能超过 5 MB' });
  });
  return { name: part.filename || fallbackName, contentType: part.mimetype, buffer };
}
