import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  type AssistantAnswer,
  type AssistantDocument,
  type AssistantDocumentDetail,
  type AssistantQuestion,
  confidenceLabel,
  DOCUMENT_KIND_LABELS,
  EXAMPLE_QUESTIONS,
} from '../../../api/assistant';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { Id, Page } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { formatDateTime } from '../../../components/format';
import { useFeedback, useSave } from '../../feedback';
import { PageContainer } from '../../PageContainer';

/**
 * 问答助手 in the console: anyone asks (answers quote the clauses they rest on); an administrator holding
 * assistant.manage over every organization also sees the stored documents, adds an official text (pasted
 * article by article) or a newer one replacing an old one, and reads the questions nobody could answer.
 */
export default function AssistantPage() {
  const { can } = useAuth();
  return (
    <PageContainer title="问答助手" subTitle="回答只来自收录的规定、政策和使用帮助，每条都注明出处并引用原文">
      {can('assistant.manage') ? (
        <Tabs
          items={[
            { key: 'ask', label: '提问', children: <Ask /> },
            { key: 'documents', label: '收录文件', children: <Documents /> },
            { key: 'unanswered', label: '未能回答的问题', children: <Unanswered /> },
          ]}
        />
      ) : (
        <Ask />
      )}
    </PageContainer>
  );
}

function AnswerCard({ question, answer }: { question: string; answer: AssistantAnswer }) {
  const figure = answer.citations.length > 0 ? (answer.answer.split('根据')[0]?.trim() ?? '') : '';
  const note = answer.answer.includes('（注意：')
    ? answer.answer.slice(answer.answer.indexOf('（注意：'))
    : '';
  return (
    <Card
      size="small"
      title={question}
      extra={
        <Tag color={answer.suggestCase ? 'warning' : answer.confidence >= 0.8 ? 'success' : 'processing'}>
          {confidenceLabel(answer.confidence)}（{Math.round(answer.confidence * 100)}%）
        </Tag>
      }
      data-testid="assistant-answer"
      style={{ marginBottom: 12 }}
    >
      {answer.citations.length === 0 ? (
        <Typography.Paragraph>{answer.answer}</Typography.Paragraph>
      ) : (
        <>
          {figure ? <Typography.Paragraph strong>{figure}</Typography.Paragraph> : null}
          {answer.citations.map((c) => (
            <div key={`${c.source}${c.article}`} style={{ marginBottom: 8 }}>
              <Typography.Text type="danger">
                {c.source} {c.article}
              </Typography.Text>
              <blockquote className="hl-quote">{c.quote}</blockquote>
            </div>
          ))}
          {note ? <Alert type="warning" showIcon message={note} /> : null}
        </>
      )}
    </Card>
  );
}

function Ask() {
  const { showError } = useFeedback();
  const [question, setQuestion] = useState('');
  const [asking, setAsking] = useState(false);
  const [answers, setAnswers] = useState<Array<{ key: number; question: string; answer: AssistantAnswer }>>(
    [],
  );
  const ask = async (text: string) => {
    const q = text.trim();
    if (!q) return;
    setAsking(true);
    try {
      const answer = await api.post<AssistantAnswer>('/assistant/ask', { question: q });
      setAnswers((list) => [{ key: list.length + 1, question: q, answer }, ...list]);
      setQuestion('');
    } catch (error) {
      showError(error);
    } finally {
      setAsking(false);
    }
  };
  return (
    <>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space.Compact style={{ width: '100%' }}>
          <Input
            aria-label="问题"
            placeholder="输入问题，例如：预备期可以延长吗？"
            value={question}
            maxLength={500}
            onChange={(e) => setQuestion(e.target.value)}
            onPressEnter={() => void ask(question)}
          />
          <Button type="primary" loading={asking} onClick={() => void ask(question)}>
            提问
          </Button>
        </Space.Compact>
        {answers.length === 0 ? (
          <div style={{ marginTop: 12 }}>
            <Typography.Text type="secondary">可以这样问：</Typography.Text>
            {EXAMPLE_QUESTIONS.map((q) => (
              <Tag key={q} style={{ cursor: 'pointer', marginTop: 6 }} onClick={() => void ask(q)}>
                {q}
              </Tag>
            ))}
          </div>
        ) : null}
      </Card>
      {answers.map((a) => (
        <AnswerCard key={a.key} question={a.question} answer={a.answer} />
      ))}
    </>
  );
}

/** 第一条 … / 第二条 … pasted as one text → one clause per article (a line starting with 第…条/章/节). */
export function splitArticles(text: string): Array<{ article: string; text: string }> {
  const out: Array<{ article: string; text: string }> = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(第[一二三四五六七八九十百零〇\d]+[条章节款])\s*(.*)$/u.exec(line);
    if (m) out.push({ article: m[1]!, text: m[2]!.trim() });
    else if (out.length > 0 && line.trim()) out[out.length - 1]!.text += line.trim();
  }
  return out.filter((c) => c.text !== '');
}

interface NewDocument {
  code: string;
  title: string;
  kind: 'regulation' | 'policy' | 'help';
  issuer?: string;
  effectiveFrom?: Dayjs;
  supersedes?: Id;
  text: string;
}

function Documents() {
  const docs = useGet<Page<AssistantDocument>>('/assistant/documents');
  const [open, setOpen] = useState<Id | null>(null);
  const [adding, setAdding] = useState(false);
  const detail = useGet<AssistantDocumentDetail>(open === null ? null : `/assistant/documents/${open}`);
  const [form] = Form.useForm<NewDocument>();
  const { save, saving } = useSave(form);
  const { message } = useFeedback();
  const text = Form.useWatch('text', form) ?? '';
  const parsed = splitArticles(text);

  const submit = (values: NewDocument) =>
    save(async () => {
      await api.post('/assistant/documents', {
        code: values.code,
        title: values.title,
        kind: values.kind,
        issuer: values.issuer ?? '',
        effectiveFrom: values.effectiveFrom ? values.effectiveFrom.format('YYYY-MM-DD') : null,
        supersedes: values.supersedes ?? null,
        clauses: parsed,
      });
      message.success(`已收录《${values.title.replace(/^《|》$/g, '')}》，共 ${parsed.length} 条`);
      setAdding(false);
      form.resetFields();
      docs.reload();
    });

  return (
    <Card
      size="small"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          收录文件
        </Button>
      }
    >
      <Table<AssistantDocument>
        size="small"
        rowKey="id"
        loading={docs.loading}
        dataSource={docs.data?.items ?? []}
        pagination={false}
        onRow={(d) => ({ onClick: () => setOpen(d.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '文件', dataIndex: 'title' },
          {
            title: '类型',
            dataIndex: 'kind',
            render: (k: AssistantDocument['kind']) => DOCUMENT_KIND_LABELS[k],
          },
          { title: '发文机关', dataIndex: 'issuer' },
          { title: '施行日期', dataIndex: 'effectiveFrom', render: (d: string | null) => d ?? '—' },
          { title: '条款数', dataIndex: 'clauseCount', align: 'right' },
          {
            title: '状态',
            render: (_, d) =>
              d.supersededBy ? (
                <Tag color="default">已被{d.supersededBy.title}替代</Tag>
              ) : (
                <Tag color="green">现行</Tag>
              ),
          },
        ]}
      />
      <Drawer
        open={open !== null}
        width={640}
        title={detail.data?.title ?? '文件'}
        onClose={() => setOpen(null)}
      >
        {detail.data?.note ? (
          <Alert type="info" showIcon message={detail.data.note} style={{ marginBottom: 12 }} />
        ) : null}
        <List
          dataSource={detail.data?.clauses ?? []}
          locale={{ emptyText: <Empty description="没有条款" /> }}
          renderItem={(c) => (
            <List.Item>
              <List.Item.Meta
                title={c.article}
                description={
                  <>
                    <div>{c.text}</div>
                    {c.basis ? <Typography.Text type="secondary">依据：{c.basis}</Typography.Text> : null}
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Drawer>
      <Modal
        open={adding}
        title="收录文件"
        width={720}
        okText="收录"
        confirmLoading={saving}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form<NewDocument>
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v)}
          initialValues={{ kind: 'regulation' }}
        >
          <Form.Item name="title" label="文件名称" rules={[{ required: true, message: '请输入文件名称' }]}>
            <Input placeholder="《中国共产党支部工作条例（试行）》" maxLength={200} />
          </Form.Item>
          <Space wrap>
            <Form.Item
              name="code"
              label="编码"
              rules={[{ required: true, message: '请输入编码' }]}
              tooltip="小写字母、数字、下划线和连字符，例如 branch-work-2018"
            >
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="kind" label="类型">
              <Select
                style={{ width: 140 }}
                options={(['regulation', 'policy', 'help'] as const).map((k) => ({
                  value: k,
                  label: DOCUMENT_KIND_LABELS[k],
                }))}
              />
            </Form.Item>
            <Form.Item name="issuer" label="发文机关">
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="effectiveFrom" label="施行日期">
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item name="supersedes" label="替代的旧文件" tooltip="收录后，引用旧文件的回答会提示已被替代">
            <Select
              allowClear
              options={(docs.data?.items ?? [])
                .filter((d) => d.supersededBy === null)
                .map((d) => ({ value: d.id, label: d.title }))}
            />
          </Form.Item>
          <Form.Item
            name="text"
            label="正文（每条以“第X条”开头，一条一段）"
            rules={[{ required: true, message: '请粘贴正文' }]}
            extra={`已识别 ${parsed.length} 条`}
            validateStatus={text && parsed.length === 0 ? 'error' : undefined}
            help={text && parsed.length === 0 ? '没有识别出以“第X条”开头的条款' : undefined}
          >
            <Input.TextArea rows={10} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function Unanswered() {
  const [page, setPage] = useState(1);
  const questions = useGet<Page<AssistantQuestion>>('/assistant/questions', {
    answered: 'false',
    page,
    pageSize: 20,
  });
  if (questions.error?.status === 403)
    return (
      <Alert
        type="info"
        showIcon
        message="提问记录涉及全部党组织的用户，只有对全部党组织有“维护问答助手”权限的管理员可以查看。"
      />
    );
  return (
    <Card size="small" title="未能回答的问题：收录文件缺少的内容">
      <Table<AssistantQuestion>
        size="small"
        rowKey="id"
        loading={questions.loading}
        dataSource={questions.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: questions.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: '问题', dataIndex: 'question' },
          {
            title: '把握程度',
            dataIndex: 'confidence',
            render: (c: number) => `${Math.round(c * 100)}%`,
            width: 100,
          },
          { title: '提问时间', dataIndex: 'askedAt', render: (t: string) => formatDateTime(t), width: 180 },
        ]}
      />
    </Card>
  );
}
