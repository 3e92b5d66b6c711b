import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Result, Space, Steps, Table, Tag, Upload } from 'antd';
import { type ReactNode, useState } from 'react';
import { api, buildUrl, upload } from '../api/client';
import type { ImportPreview, ImportResult } from '../api/ledger';
import { useFeedback } from './feedback';

interface ErrorLine {
  key: string;
  row: number;
  name: string | null;
  column: string;
  message: string;
}

export interface LedgerImportProps {
  /** '/members' or '/orgs': the template, preview and commit routes hang below `${base}/import`. */
  base: string;
  /** Where the file is uploaded for its preview (`${base}/import/preview` unless given). */
  uploadPath?: string;
  templatePath: string;
  /** The header of the name column in the error table (姓名, 组织名称). */
  nameTitle: string;
  /** What the preview will do, after 总行数 / 正确 / 有错误 (将新增 …). */
  counts: (preview: ImportPreview) => Array<{ key: string; label: string; value: number }>;
  /** The sentence shown when the import is done. */
  resultText: (result: ImportResult) => string;
  /** The short message that pops up when it is done. */
  messageText: (result: ImportResult) => string;
  /** Below the result: where to go next. */
  doneExtra?: (result: ImportResult) => ReactNode;
  /** Below the bad rows: what the good rows would change (企业画像 lists each fact's old and new value). */
  details?: (preview: ImportPreview) => ReactNode;
  onImported?: (result: ImportResult) => void;
}

/**
 * The ledger import flow, the same for every register: download the template, upload a filled file,
 * read every bad row (row, column, reason), then import everything (only when the file is clean)
 * or only the good rows.
 */
export function LedgerImport({
  base,
  uploadPath,
  templatePath,
  nameTitle,
  counts,
  resultText,
  messageText,
  doneExtra,
  details,
  onImported,
}: LedgerImportProps) {
  const { message, showError } = useFeedback();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (file: File) => {
    setBusy(true);
    setResult(null);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      setPreview(await upload<ImportPreview>(uploadPath ?? `${base}/import/preview`, form));
    } catch (err) {
      setPreview(null);
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  const commit = async (mode: 'all' | 'good_rows') => {
    if (!preview) return;
    setBusy(true);
    try {
      const done = await api.post<ImportResult>(`${base}/import/${preview.batchId}/commit`, { mode });
      setResult(done);
      message.success(`导入完成：${messageText(done)}`);
      onImported?.(done);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  const lines: ErrorLine[] = (preview?.errors ?? []).flatMap((e) =>
    e.problems.map((p, i) => ({
      key: `${e.row}-${i}`,
      row: e.row,
      name: e.name,
      column: p.column || '整行',
      message: p.message,
    })),
  );
  const step = result ? 2 : preview ? 1 : 0;

  return (
    <div className="hl-stack">
      <Card size="small">
        <Steps
          current={step}
          items={[{ title: '上传文件' }, { title: '检查预览' }, { title: '完成导入' }]}
          style={{ marginBottom: 16 }}
        />
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Button icon={<DownloadOutlined />} href={buildUrl(templatePath)}>
              下载导入模板
            </Button>
            <span className="hl-muted">请使用模板填写，带 * 的栏目必填；模板的“说明”工作表有详细要求。</span>
          </Space>
          <Upload.Dragger
            accept=".xlsx"
            multiple={false}
            showUploadList={false}
            disabled={busy}
            beforeUpload={(file) => {
              void send(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或将 .xlsx 文件拖到这里上传</p>
            <p className="ant-upload-hint">单个文件不超过 20 MB、10 万行；上传后只做检查，不会写入数据</p>
          </Upload.Dragger>
        </Space>
      </Card>

      {preview ? (
        <Card size="small" title={`检查结果：${preview.fileName}`} data-testid="import-preview">
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 3, lg: 5 }}
            items={[
              { key: 'total', label: '总行数', children: preview.totalRows.toLocaleString() },
              {
                key: 'good',
                label: '正确',
                children: <Tag color="green">{preview.goodRows.toLocaleString()}</Tag>,
              },
              {
                key: 'bad',
                label: '有错误',
                children: (
                  <Tag color={preview.badRows ? 'red' : 'default'}>{preview.badRows.toLocaleString()}</Tag>
                ),
              },
              ...counts(preview).map((c) => ({
                key: c.key,
                label: c.label,
                children: c.value.toLocaleString(),
              })),
            ]}
          />
          {preview.badRows > 0 ? (
            <>
              <Alert
                type="error"
                showIcon
                style={{ margin: '12px 0' }}
                title={`有 ${preview.badRows} 行存在错误。请修改文件后重新上传，或仅导入正确的 ${preview.goodRows} 行。`}
              />
              <Table<ErrorLine>
                size="small"
                rowKey="key"
                dataSource={lines}
                pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 处错误` }}
                columns={[
                  { title: '行号', dataIndex: 'row', width: 80 },
                  {
                    title: nameTitle,
                    dataIndex: 'name',
                    width: 160,
                    render: (v: string | null) => v ?? '—',
                  },
                  { title: '栏目', dataIndex: 'column', width: 130 },
                  { title: '错误原因', dataIndex: 'message' },
                ]}
              />
              {preview.errorsTruncated ? (
                <Alert type="warning" showIcon title="只列出了前 1000 个有错误的行。" />
              ) : null}
            </>
          ) : (
            <Alert type="success" showIcon style={{ margin: '12px 0' }} title="全部行检查通过，可以导入。" />
          )}
          {details?.(preview)}
          {result ? (
            <Result
              status="success"
              title="导入完成"
              subTitle={resultText(result)}
              extra={doneExtra?.(result)}
            />
          ) : (
            <Space style={{ marginTop: 12 }}>
              <Button
                type="primary"
                disabled={preview.badRows > 0 || busy || preview.state === 'committed'}
                loading={busy}
                onClick={() => commit('all')}
              >
                全部导入
              </Button>
              <Button
                disabled={preview.goodRows === 0 || busy || preview.state === 'committed'}
                onClick={() => commit('good_rows')}
              >
                仅导入正确的行
              </Button>
            </Space>
          )}
        </Card>
      ) : null}
    </div>
  );
}

/** One thing a good row would add or change, as a preview lists it (old value → new value). */
export interface ImportChange {
  row: number;
  label: string;
  beforeText: string;
  afterText: string;
  kind: 'insert' | 'update';
}

/**
 * Below a preview: what its good rows would add or change (企业画像's facts, an alliance's list items),
 * each with its row, what it is, the old and the new value. Nothing once the batch is committed.
 */
export function ImportChanges<C extends ImportChange>({
  changes,
  truncated,
  committed,
  rowKey,
  nameTitle,
  nameOf,
  labelTitle,
  title,
  emptyText,
}: {
  changes: C[];
  truncated: boolean;
  committed: boolean;
  rowKey: (c: C) => string;
  nameTitle: string;
  nameOf: (c: C) => string;
  labelTitle: string;
  title: string;
  emptyText: string;
}) {
  if (committed) return null;
  return (
    <>
      <Table<C>
        size="small"
        style={{ marginTop: 12 }}
        title={() => title}
        rowKey={rowKey}
        dataSource={changes}
        locale={{ emptyText }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 项` }}
        columns={[
          { title: '行号', dataIndex: 'row', width: 70 },
          { title: nameTitle, width: 200, render: (_, c) => nameOf(c) },
          { title: labelTitle, dataIndex: 'label', width: 150 },
          { title: '原值', dataIndex: 'beforeText' },
          { title: '新值', dataIndex: 'afterText' },
          {
            title: '',
            dataIndex: 'kind',
            width: 70,
            render: (k: C['kind']) =>
              k === 'insert' ? <Tag color="green">新增</Tag> : <Tag color="blue">修改</Tag>,
          },
        ]}
      />
      {truncated ? <Alert type="warning" showIcon title="只列出了前 1000 项改变。" /> : null}
    </>
  );
}
