import { Button, Modal } from 'antd';
import type { FactsImportPreview } from '../../../api/policies';
import { ImportChanges, LedgerImport } from '../../LedgerImport';

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
  return (
    <ImportChanges<Change>
      changes={preview.changes}
      truncated={preview.changesTruncated}
      committed={preview.state === 'committed'}
      rowKey={(c) => `${c.row}-${c.fact}`}
      nameTitle="企业"
      nameOf={(c) => c.enterprise}
      labelTitle="信息"
      title="正确的行将写入的信息"
      emptyText="正确的行没有改变任何信息"
    />
  );
}
