import { normalizeForSearch } from '@honglian/domain';
import * as learning from '../modules/learning/service.ts';
import { CalendarService } from '../platform/calendar.ts';
import { clock } from '../platform/clock.ts';
import type { Executor } from '../platform/context.ts';
import { contextOf } from './development.ts';

/**
 * 学习 (issue 15 item 4; seed 003 厦门党建e家 "大量的学习资源"): two national topics with links to public
 * pages, Xiamen's own topic with short summaries written for the demo (each marked 演示, no reproduced
 * full texts), and one assignment from the demo branch's secretary to the branch, due in 10 working
 * days, which the secretary has already finished — so the demo member has something to do and the
 * secretary's completion list has one name on each side.
 */

const DEMO = '（演示）';

export async function loadDemoLearning(db: Executor): Promise<{ materials: number }> {
  const admin = await contextOf(db, 'admin');
  const secretary = await contextOf(db, 'secretary');
  if (!admin || !secretary) return { materials: 0 };
  const now = clock.now();
  const today = clock.today();

  // national (org null): platform data, links to the public pages of 共产党员网 and 学习强国
  const [national] = await db
    .insertInto('learning_topics')
    .values({
      name: '党章党规',
      description: `党章和党内法规的学习入口${DEMO}`,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .execute();
  const nationalMaterials = [
    {
      kind: 'article' as const,
      title: `《中国共产党章程》学习要点${DEMO}`,
      body: '本文为演示用的学习提纲，由平台自行撰写，不是党章原文。\n一、党的性质和宗旨：全心全意为人民服务。\n二、党员的义务和权利：党章第三条、第四条分别列出党员的八项义务和八项权利。\n三、党的组织制度：民主集中制。\n四、党的基层组织：企业、农村、机关、学校、社区等凡有正式党员三人以上的，都应当成立党的基层组织。\n原文请在共产党员网阅读。',
      url: 'https://www.12371.cn/',
      source: '共产党员网',
      minutes: 20,
    },
    {
      kind: 'video' as const,
      title: `党员教育电视片（视频链接）${DEMO}`,
      body: '演示：视频在外部网站播放，观看后回到本页标记“已观看”。',
      url: 'https://www.12371.cn/',
      source: '共产党员网',
      minutes: 30,
    },
  ];
  for (const m of nationalMaterials)
    await db
      .insertInto('learning_materials')
      .values({
        topic_id: national!.id,
        kind: m.kind,
        title: m.title,
        body: m.body,
        url: m.url,
        source: m.source,
        published_on: today,
        estimated_minutes: m.minutes,
        search_text: normalizeForSearch(`${m.title} ${m.source} ${m.body}`),
        created_at: now,
        updated_at: now,
      })
      .execute();

  // Xiamen's own topic, published by the city committee for every organization below it
  const xiamen = await db
    .selectFrom('orgs')
    .select('id')
    .where('name', '=', '中共厦门市委员会')
    .executeTakeFirstOrThrow();
  const topic = await learning.createTopic(db, admin, {
    orgId: xiamen.id,
    name: '党建引领基层治理',
    description: `厦门党建e家的学习专题${DEMO}`,
  });
  const material = await learning.createMaterial(db, admin, {
    orgId: xiamen.id,
    topicId: topic,
    kind: 'article',
    title: `指尖上的党务管理：厦门党建e家的做法${DEMO}`,
    body: [
      '本文为演示用的摘要，由平台根据公开报道自行撰写。',
      '厦门党建e家把组织关系、党费、三会一课和发展党员放到一个平台上，系统按规则自动提醒党组织和党员按时开展组织生活、按时交纳党费。',
      '平台同时提供大量的学习资源，党员可以在手机上随时学习，支部书记可以看到谁学完了、谁还没学，做到心中有数。',
      '思考题：本支部的组织生活有哪些可以借助平台提醒和记录？',
    ].join('\n'),
    source: '演示摘要（据公开报道）',
    estimatedMinutes: 10,
  });
  await learning.createMaterial(db, admin, {
    orgId: xiamen.id,
    topicId: topic,
    kind: 'document',
    title: `党支部工作条例学习提纲${DEMO}`,
    body: '演示提纲：支部的职责、组织设置、党员大会和支部委员会、三会一课、主题党日、组织生活会和民主评议党员。原文见共产党员网。',
    url: 'https://www.12371.cn/',
    source: '演示提纲',
    estimatedMinutes: 25,
  });

  // the demo branch: its secretary assigns the Xiamen article, due in 10 working days, and finishes it
  const branch = await db
    .selectFrom('users')
    .select('org_id')
    .where('username', '=', 'secretary')
    .executeTakeFirstOrThrow();
  await learning.createAssignment(db, secretary, await new CalendarService(db).calendar(), {
    orgId: branch.org_id!,
    materialId: material,
    note: '请全体党员在截止日期前学完，支部党员大会上交流。',
    workdays: 10,
  });
  await learning.recordReading(db, secretary, material, { progress: 40, minutes: 4 });
  await learning.recordReading(db, secretary, material, { progress: 100, minutes: 9 });
  return { materials: nationalMaterials.length + 2 };
}
