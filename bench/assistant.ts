// npm run bench:assistant -- [--engine=pglite|postgres]
// The question assistant (issue 15): the share of the question set answered with the expected clause
// cited, the share of unanswerable questions refused, the same for the two held-out sets (never tuned
// on: see server/src/modules/assistant/questions.ts), and the answer time: loading the documents and
// building the index once (jieba's dictionary included), then each question's retrieval and answer.
// Writes its section of docs/PERFORMANCE.md; prints one JSON line last.

import {
  HELD_OUT_SET,
  HELD_OUT_SET_2,
  QUESTION_SET,
  type SetResult,
  scoreSet,
} from '../server/src/modules/assistant/questions.ts';
import { answerFrom, corpusOf } from '../server/src/modules/assistant/service.ts';
import { clock } from '../server/src/platform/clock.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { arg, benchDatabase, machine, round, time, writeSection } from './lib.ts';

const engine = arg('engine', 'pglite');
const db = await benchDatabase(engine);
try {
  await migrate(db);
  const built = await time(() => corpusOf(db.db));
  const corpus = built.value;

  // warm-up, then each question of the set timed alone, three rounds
  for (const [q] of QUESTION_SET) answerFrom(corpus, q);
  const samples: number[] = [];
  for (let round = 0; round < 3; round++)
    for (const [q] of QUESTION_SET) {
      const t0 = performance.now();
      answerFrom(corpus, q);
      samples.push(performance.now() - t0);
    }
  samples.sort((a, b) => a - b);
  const fine = (ms: number) => Math.round(ms * 1000) / 1000;
  const medianMs = fine(samples[Math.floor(samples.length / 2)]!);
  const p95Ms = fine(samples[Math.floor(samples.length * 0.95)]!);

  const score = (set?: typeof QUESTION_SET): SetResult => scoreSet((q) => answerFrom(corpus, q), set);
  const main = score();
  const held = score(HELD_OUT_SET);
  const held2 = score(HELD_OUT_SET_2);
  const pct = (a: number, b: number) => Math.round((a / b) * 1000) / 10;
  const line = (name: string, r: SetResult) =>
    `| ${name} | ${r.answerable} | ${r.correct} (${pct(r.correct, r.answerable)}%) | ${r.unanswerable} | ${r.refused} (${pct(r.refused, r.unanswerable)}%) |`;
  const misses = [...main.misses, ...held.misses, ...held2.misses]
    .map(
      (m) =>
        `- ${m.question}: expected ${m.expected.join(' / ') || '(refusal)'}, cited ${m.cited.join(', ') || '(nothing)'}`,
    )
    .join('\n');
  writeSection(
    `assistant:${engine}`,
    `## 问答助手 (assistant), ${engine}

Machine: ${machine()}. Date: ${clock.today()}. Command: \`npm run bench:assistant -- --engine=${engine}\`.
Corpus: ${corpus.passages.size} clauses (the help, the rules in plain words, the compliance rules). Loading them and
building the index, jieba's dictionary included: ${round(built.ms)} ms (once per process, and again within a second
of a document change). Answer time per question (retrieval and answer, in process; ${samples.length} samples): median
${medianMs} ms, p95 ${p95Ms} ms.

| set | answerable | cited the expected clause | unanswerable | refused |
|---|---|---|---|---|
${line('question set (tuned on)', main)}
${line('held-out 1 (motivated two general fixes)', held)}
${line('held-out 2 (never tuned on)', held2)}

Misses:
${misses || '- none'}
`,
  );
  console.log(
    JSON.stringify({
      engine,
      questions: QUESTION_SET.length,
      answerable: main.answerable,
      correct: main.correct,
      share: pct(main.correct, main.answerable) / 100,
      refused: main.refused,
      unanswerable: main.unanswerable,
      heldOutShare: pct(held2.correct + held.correct, held2.answerable + held.answerable) / 100,
      medianMs,
      p95Ms,
      indexMs: round(built.ms),
    }),
  );
} finally {
  await db.drop();
}
