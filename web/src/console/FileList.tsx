import { Space, Typography } from 'antd';
import { formatDateTime } from '../components/format';

/** A stored file as the console shows it: photos as thumbnails, everything else as a download link. */
export interface ListedFile {
  key: string;
  url: string;
  name: string;
  /** 'photo' shows a thumbnail; any other kind a link. */
  kind: string;
  sizeBytes?: number;
  createdAt?: string | null;
}

/**
 * Photos first, as thumbnails that open full size; then the other files as download links with their
 * size and time. Case attachments, handling evidence and meeting files all use this one list.
 */
export function FileList({ files, testId }: { files: ListedFile[]; testId?: string }) {
  if (files.length === 0) return null;
  const photos = files.filter((f) => f.kind === 'photo');
  const docs = files.filter((f) => f.kind !== 'photo');
  return (
    <div data-testid={testId} style={{ marginTop: 8 }}>
      {photos.length ? (
        <Space wrap>
          {photos.map((f) => (
            <a key={f.key} href={f.url} target="_blank" rel="noreferrer">
              <img src={f.url} alt={f.name} style={{ height: 96, borderRadius: 4 }} />
            </a>
          ))}
        </Space>
      ) : null}
      {docs.map((f) => (
        <div key={f.key} style={{ marginTop: 8 }}>
          <a href={f.url} download={f.name}>
            📄 {f.name}
            {f.sizeBytes !== undefined ? `（${Math.max(1, Math.round(f.sizeBytes / 1024))} KB）` : ''}
          </a>
          {f.createdAt ? (
            <Typography.Text type="secondary"> {formatDateTime(f.createdAt)}</Typography.Text>
          ) : null}
        </div>
      ))}
    </div>
  );
}
