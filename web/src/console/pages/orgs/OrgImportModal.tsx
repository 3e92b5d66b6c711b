import { Button, Modal } from 'antd';
import { LedgerImport } from '../../LedgerImport';

/** 导入党组织台账: the shared ledger import flow in a dialog over the organization tree. */
export function OrgImportModal({
  open,
  onClose,
  onImported,
}: {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  return (
    <Modal
      open={open}
      title="导入党组织台账"
      width={960}
      onCancel={onClose}
      destroyOnHidden
      footer={<Button onClick={onClose}>关闭</Button>}
    >
      <p className="hl-muted" style={{ marginTop: 0 }}>
        上级组织可以是已登记的党组织，也可以是本文件中的另一行（顺序不限）；同一上级组织下已有同名、同类别的党组织不会重复新建。
      </p>
      <LedgerImport
        base="/orgs"
        templatePath="/orgs/import/template.xlsx"
        nameTitle="组织名称"
        counts={(p) => [
          { key: 'ins', label: '将新建', value: p.toInsert },
          { key: 'same', label: '已存在（跳过）', value: p.unchanged ?? 0 },
        ]}
        messageText={(r) => `新建 ${r.inserted} 个党组织`}
        resultText={(r) => `新建 ${r.inserted} 个党组织，已存在 ${r.unchanged} 个，跳过 ${r.skipped} 行`}
        doneExtra={() => (
          <Button type="primary" onClick={onClose}>
            查看组织架构
          </Button>
        )}
        onImported={onImported}
      />
    </Modal>
  );
}
