import type { FastifyRequest } from 'fastify';
import { AppError, fieldError } from './errors.ts';

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

/** The first bytes each type starts with (Word and Excel files are zip archives). */
function looksLike(contentType: string, data: Buffer): boolean {
  const hex = data.subarray(0, 4).toString('hex');
  switch (contentType) {
    case 'image/jpeg':
      return hex.startsWith('ffd8');
    case 'image/png':
      return hex === '89504e47';
    case 'image/webp':
      return (
        data.subarray(0, 4).toString('latin1') === 'RIFF' &&
        data.subarray(8, 12).toString('latin1') === 'WEBP'
      );
    case 'application/pdf':
      return data.subarray(0, 5).toString('latin1') === '%PDF-';
    default:
      return hex === '504b0304';
  }
}

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
  if (!looksLike(file.contentType, file.buffer)) throw fieldError('file', code, '文件内容与类型不符');
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
