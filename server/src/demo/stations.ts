import { stationAccount } from '../modules/points/repository.ts';
import { clock } from '../platform/clock.ts';
import type { Executor } from '../platform/context.ts';

/**
 * 暖“新”驿站 (seed 004: Yunfu built 25 stations where riders and couriers "冷可取暖、热可纳凉、渴能喝水、
 * 累能歇脚" and redeem the points earned by reporting hazards), one in the demo resident's community in
 * Huli and two in Yunfu, each run by its organization, with rewards and stock.
 */
const STATIONS: Array<{
  org: string;
  name: string;
  address: string;
  lat: number;
  long: number;
  rewards: Array<[string, number, number]>;
}> = [
  {
    org: '兴隆社区',
    name: '兴隆社区暖“新”驿站',
    address: '厦门市湖里区兴隆路社区党群服务中心一楼',
    lat: 24.5096,
    long: 118.1425,
    rewards: [
      ['矿泉水一箱', 30, 40],
      ['充电宝免费租借券', 10, 100],
      ['轻便雨衣', 50, 20],
    ],
  },
  {
    org: '中共云浮市云城区新就业群体委员会',
    name: '云城区暖“新”驿站（城中）',
    address: '云浮市云城区城中路新就业群体党群服务站',
    lat: 22.9283,
    long: 112.0446,
    rewards: [
      ['防暑药品包', 30, 25],
      ['电动车免费检修券', 60, 10],
      ['矿泉水一箱', 30, 30],
    ],
  },
  {
    org: '中共云浮市云城区新就业群体委员会',
    name: '云城区暖“新”驿站（河滨）',
    address: '云浮市云城区河滨路快递物流园',
    lat: 22.9181,
    long: 112.0342,
    rewards: [
      ['轻便雨衣', 50, 15],
      ['充电宝免费租借券', 10, 60],
    ],
  },
];

export async function loadDemoStations(db: Executor): Promise<number> {
  const now = clock.now();
  for (const s of STATIONS) {
    const org = await db
      .selectFrom('orgs')
      .select(['id', 'path', 'region_code'])
      .where('name', 'like', `%${s.org}%`)
      .orderBy('depth')
      .executeTakeFirst();
    if (!org) continue;
    const station = await db
      .insertInto('stations')
      .values({
        org_id: org.id,
        org_path: org.path,
        region_code: org.region_code,
        name: s.name,
        address: s.address,
        lat: s.lat,
        long: s.long,
        hours: '每天 8:00–22:00',
        services: '休息、饮水、充电、微波炉加热、应急药品',
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    await stationAccount(db, station);
    await db
      .insertInto('station_rewards')
      .values(
        s.rewards.map(([name, cost, stock]) => ({
          station_id: station.id,
          name,
          cost,
          stock,
          updated_at: now,
        })),
      )
      .execute();
  }
  return STATIONS.length;
}
