import { Button, Modal } from 'antd';
import type { ListImportPreview } from '../../../api/alliances';
import type { Id } from '../../../api/types';
import { ImportChanges, LedgerImport } from '../../LedgerImport';

type Change = ListImportPreview['changes'][number];

/**
 * 导入清单: the shared ledger import flow in a dialog over an alliance's lists. The preview lists the
 * bad rows and what each good row would add, or change in the open item of the same organization,
 * list and title (old value → new value).
 */
export function ListImportModal({
  allianceId,
  onClose,
  onImported,
}: {
  allianceId: Id;
  onClose: () => void;
  onImported: () => void;
}) {
  const base = `/alliances/${allianceId}/list-items`;
  return (
    <Modal
      open
      title="导入需求、资源、政策清单"
      width={1000}
      onCancel={onClose}
      destroyOnHidden
      footer={<Button onClick={onClose}>关闭</Button>}
    >
      <p className="hl-muted" style={{ marginTop: 0 }}>
        每行一项；同一发布单位、同一清单中标题相同的待对接事项按文件更新，不会重复新增。导出的清单文件可修改后直接导入。导入的需求和资源立即参与匹配。
      </p>
      <LedgerImport
        base={base}
        uploadPath={`${base}/import`}
        templatePath={`${base}/import/template.xlsx`}
        nameTitle="标题"
        counts={(p) => [
          { key: 'ins', label: '将新增', value: p.toInsert },
          { key: 'upd', label: '将修改', value: p.toUpdate },
          { key: 'same', label: '无变化', value: (p as ListImportPreview).unchanged },
        ]}
        details={(p) => {
          const preview = p as ListImportPreview;
          return (
            <ImportChanges<Change>
              changes={preview.changes}
              truncated={preview.changesTruncated}
              committed={preview.state === 'committed'}
              rowKey={(c) => `${c.row}-${c.field}`}
              nameTitle="事项"
              nameOf={(c) => `【${c.list}】${c.title}（${c.orgName}）`}
              labelTitle="栏目"
              title="正确的行将新增或修改的事项"
              emptyText="正确的行没有改变任何事项"
            />
          );
        }}
        messageText={(r) => `新增 ${r.inserted} 项，修改 ${r.updated} 项`}
        resultText={(r) =>
          `新增 ${r.inserted} 项、修改 ${r.updated} 项、未变 ${r.unchanged} 项，跳过 ${r.skipped} 行；新的需求和资源已参与匹配`
        }
        onImported={onImported}
      />
    </Modal>
  );
}
