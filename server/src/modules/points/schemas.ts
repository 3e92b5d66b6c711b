import { z } from 'zod';
import { Timestamp, text } from '../../platform/schemas.ts';

const Id = z
  .number('应为数字')
  .int('应为整数')
  .positive('应为正整数')
  .max(2 ** 53 - 1);

/** `GET /me/points` (API.md): the balance and each movement with its source. */
export const MyPoints = z
  .object({
    balance: z.number().int(),
    items: z.array(
      z.object({
        /** The ledger entry. */
        id: z.number(),
        at: Timestamp,
        delta: z.number().int(),
        reason: z.string(),
        source: z.object({
          kind: z.enum(['case', 'service_hours', 'redemption', 'honour']),
          id: z.number().nullable(),
          /** The case's title, the activity's for service hours, or the station's name for a redemption. */
          title: z.string().nullable(),
        }),
      }),
    ),
  })
  .meta({ id: 'MyPoints' });

const Reward = z.object({
  id: z.number(),
  name: z.string(),
  cost: z.number().int(),
  stock: z.number().int(),
  /** Switched off rewards are shown only to the organization that runs the station. */
  active: z.boolean(),
});

export const Station = z
  .object({
    id: z.number(),
    name: z.string(),
    regionCode: z.string(),
    lat: z.number().nullable(),
    long: z.number().nullable(),
    orgId: z.number(),
    orgName: z.string(),
    address: z.string(),
    hours: z.string(),
    services: z.string(),
    rewards: z.array(Reward),
    /** The caller runs this station (may change its rewards and see its redemptions). */
    manageable: z.boolean(),
  })
  .meta({ id: 'Station' });

export const StationList = z.object({ items: z.array(Station), total: z.number().int() });

export const StationListQuery = z.object({
  regionCode: z
    .string()
    .regex(/^\d{2,6}$/, '行政区划代码应为 2–6 位数字')
    .optional(),
  mine: z
    .enum(['true', 'false'], 'mine 只能是 true 或 false')
    .transform((v) => v === 'true')
    .optional(),
});

export const CreateStationBody = z.object({
  orgId: Id,
  name: text(60, '驿站名称'),
  address: z.string().trim().max(200, '地址不能超过 200 个字').optional(),
  lat: z
    .number('纬度应为数字')
    .min(-90, '纬度应在 -90 到 90 之间')
    .max(90, '纬度应在 -90 到 90 之间')
    .nullable()
    .optional(),
  long: z
    .number('经度应为数字')
    .min(-180, '经度应在 -180 到 180 之间')
    .max(180, '经度应在 -180 到 180 之间')
    .nullable()
    .optional(),
  hours: z.string().trim().max(100, '开放时间不能超过 100 个字').optional(),
  services: z.string().trim().max(500, '服务内容不能超过 500 个字').optional(),
});

const Cost = z
  .number('所需积分应为数字')
  .int('所需积分应为整数')
  .min(1, '所需积分至少为 1')
  .max(100_000, '所需积分不能超过 100000');
const Stock = z
  .number('库存应为数字')
  .int('库存应为整数')
  .min(0, '库存不能为负数')
  .max(1_000_000, '库存不能超过 1000000');

export const CreateRewardBody = z.object({ name: text(60, '物品名称'), cost: Cost, stock: Stock });

export const UpdateRewardBody = z
  .object({
    name: text(60, '物品名称').optional(),
    cost: Cost.optional(),
    stock: Stock.optional(),
    active: z.boolean('active 应为 true 或 false').optional(),
  })
  .refine((b) => Object.keys(b).length > 0, '请至少修改一项');

export const RewardParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53 - 1),
  rewardId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53 - 1),
});

export const RedeemBody = z.object({
  stationId: Id,
  rewardId: Id,
  quantity: z.number('数量应为数字').int('数量应为整数').min(1, '数量至少为 1').max(20, '一次最多兑换 20 件'),
});

export const Redemption = z
  .object({
    id: z.number(),
    stationId: z.number(),
    rewardId: z.number(),
    rewardName: z.string(),
    quantity: z.number().int(),
    cost: z.number().int(),
    /** The balance after this redemption. */
    balance: z.number().int(),
    createdAt: Timestamp,
  })
  .meta({ id: 'PointsRedemption' });

export const StationRedemptions = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      rewardName: z.string(),
      quantity: z.number().int(),
      cost: z.number().int(),
      personName: z.string(),
      createdAt: Timestamp,
    }),
  ),
  total: z.number().int(),
});

export const Created = z.object({ id: z.number() });
