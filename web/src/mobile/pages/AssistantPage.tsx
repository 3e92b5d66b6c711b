import { Button, Card, Ellipsis, NavBar, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { type AssistantAnswer, confidenceLabel, EXAMPLE_QUESTIONS } from '../../api/assistant';
import { ApiError, api } from '../../api/client';
import { useAuth } from '../../components/auth';

/** A figure the rules computed (a dues amount) comes before the first quoted clause of the answer. */
function figureOf(answer: AssistantAnswer): string {
  return answer.answer.split('根据')[0]?.trim() ?? '';
}

interface Exchange {
  question: string;
  answer: AssistantAnswer;
}

/**
 * 问答助手 on the phone: a question, and an answer that quotes the clauses it rests on (source, article,
 * the text verbatim). What the documents do not cover is said plainly, with a way to file a case.
 */
export default function AssistantPage() {
  const navigate = useNavigate();
  const { user } = useAuth();
  const [question, setQuestion] = useState('');
  const [asking, setAsking] = useState(false);
  const [exchanges, setExchanges] = useState<Exchange[]>([]);
  const canReport = user?.permissions.includes('case.report') ?? false;

  const ask = async (text: string) => {
    const q = text.trim();
    if (!q) {
      Toast.show({ content: '请先输入问题' });
      return;
    }
    setAsking(true);
    try {
      const answer = await api.post<AssistantAnswer>('/assistant/ask', { question: q });
      setExchanges((list) => [{ question: q, answer }, ...list]);
      setQuestion('');
    } catch (err) {
      Toast.show({ content: err instanceof ApiError ? err.userMessage : '提问失败，请稍后再试' });
    } finally {
      setAsking(false);
    }
  };

  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')} backArrow>
        问答助手
      </NavBar>
      <div className="hlm-section">
        <TextArea
          placeholder="输入问题，例如：预备期可以延长吗？"
          value={question}
          onChange={setQuestion}
          maxLength={500}
          rows={2}
          autoSize={{ minRows: 2, maxRows: 5 }}
          aria-label="问题"
        />
        <Button block color="primary" loading={asking} onClick={() => void ask(question)}>
          提问
        </Button>
        <p className="hlm-muted">回答只来自收录的规定、政策和使用帮助，每条都注明出处并引用原文。</p>
      </div>
      {exchanges.length === 0 ? (
        <div className="hlm-section" data-testid="assistant-examples">
          <p className="hlm-muted">可以这样问：</p>
          {EXAMPLE_QUESTIONS.map((q) => (
            <Tag key={q} className="hlm-chip" onClick={() => void ask(q)}>
              {q}
            </Tag>
          ))}
        </div>
      ) : null}
      {exchanges.map((x, i) => (
        <Card
          // newest first; an index is stable enough for an append-only list shown once
          // biome-ignore lint/suspicious/noArrayIndexKey: the list only grows at its head
          key={exchanges.length - i}
          title={x.question}
          extra={
            <Tag
              color={x.answer.suggestCase ? 'warning' : x.answer.confidence >= 0.8 ? 'success' : 'primary'}
            >
              {confidenceLabel(x.answer.confidence)}
            </Tag>
          }
          className="hlm-card"
          data-testid="assistant-answer"
        >
          {x.answer.citations.length > 0 && figureOf(x.answer) ? (
            <p className="hlm-strong">{figureOf(x.answer)}</p>
          ) : null}
          {x.answer.citations.length === 0 ? (
            <p>{x.answer.answer}</p>
          ) : (
            x.answer.citations.map((c) => (
              <div key={`${c.source}${c.article}`} className="hlm-citation">
                <div className="hlm-citation-source">
                  {c.source} {c.article}
                </div>
                <blockquote>{c.quote}</blockquote>
              </div>
            ))
          )}
          {x.answer.answer.includes('已被') ? (
            <Ellipsis content={x.answer.answer.slice(x.answer.answer.indexOf('（注意'))} rows={2} />
          ) : null}
          {x.answer.suggestCase && canReport ? (
            <Button size="small" color="primary" fill="outline" onClick={() => navigate('/report')}>
              提交诉求，由工作人员答复
            </Button>
          ) : null}
        </Card>
      ))}
    </div>
  );
}
