import { Alert, Button, Modal, Table, Tag } from 'antd';
import type { FactsImportPreview } from '../../../api/policies';
import { LedgerImport } from '../../LedgerImport';

type Change = FactsImportPreview['changes'][number];

/**
 * 导入企业画像: the shared ledger import flow in a dialog over the policy library. The preview lists the
 * bad rows and, for each good row, the facts it would set or change (old value → new value).
 */
export function FactsImportModal({ onClose }: { onClose: () => void }) {
  return (
    <Modal
      open
      title="导入企业画像"
      width={1000}
      onCancel={onClose}
      destroyOnHidden
      footer={<Button onClick={onClose}>关闭</Button>}
    >
      <p className="hl-muted" style={{ marginTop: 0 }}>
        按统一社会信用代码找到您管理范围内的企业，只写入填写了的栏目（来源记为“导入”），留空的保持原值；导入后这些企业立即重新匹配政策。
      </p>
      <LedgerImport
        base="/enterprises/facts"
        templatePath="/enterprises/facts/import/template.xlsx"
        nameTitle="企业"
        counts={(p) => [
          { key: 'ent', label: '涉及企业', value: (p as FactsImportPreview).enterprises },
          { key: 'ins', label: '将新增信息', value: p.toInsert },
          { key: 'upd', label: '将修改信息', value: p.toUpdate },
        ]}
        details={(p) => <FactChanges preview={p as FactsImportPreview} />}
        messageText={(r) => `写入 ${r.inserted + r.updated + r.unchanged} 项信息`}
        resultText={(r) =>
          `新增 ${r.inserted} 项、修改 ${r.updated} 项、未变 ${r.unchanged} 项信息，跳过 ${r.skipped} 行；相关企业已重新匹配政策`
        }
      />
    </Modal>
  );
}

function FactChanges({ preview }: { preview: FactsImportPreview }) {
  if (preview.state === 'committed') return null;
  return (
    <>
      <Table<Change>
        size="small"
        style={{ marginTop: 12 }}
        title={() => '正确的行将写入的信息'}
        rowKey={(c) => `${c.row}-${c.fact}`}
        dataSource={preview.changes}
        locale={{ emptyText: '正确的行没有改变任何信息' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 项` }}
        columns={[
          { title: '行号', dataIndex: 'row', width: 70 },
          { title: '企业', dataIndex: 'enterprise', width: 200 },
          { title: '信息', dataIndex: 'label', width: 150 },
          { title: '原值', dataIndex: 'beforeText' },
          { title: '新值', dataIndex: 'afterText' },
          {
            title: '',
            dataIndex: 'kind',
            width: 70,
            render: (k: Change['kind']) =>
              k === 'insert' ? <Tag color="green">新增</Tag> : <Tag color="blue">修改</Tag>,
          },
        ]}
      />
      {preview.changesTruncated ? <Alert type="warning" showIcon title="只列出了前 1000 项改变。" /> : null}
    </>
  );
}
