/** 积分与驿站 (server/src/modules/points/schemas.ts is the source). */
import type { Id } from './types';

export interface MyPoints {
  balance: number;
  items: Array<{
    id: Id;
    at: string;
    delta: number;
    reason: string;
    source: { kind: 'case' | 'service_hours' | 'redemption' | 'honour'; id: Id | null; title: string | null };
  }>;
}

export interface StationReward {
  id: Id;
  name: string;
  cost: number;
  stock: number;
  active: boolean;
}

export interface Station {
  id: Id;
  name: string;
  regionCode: string;
  lat: number | null;
  long: number | null;
  orgId: Id;
  orgName: string;
  address: string;
  hours: string;
  services: string;
  rewards: StationReward[];
  manageable: boolean;
}

export interface StationList {
  items: Station[];
  total: number;
}

export interface Redemption {
  id: Id;
  stationId: Id;
  rewardId: Id;
  rewardName: string;
  quantity: number;
  cost: number;
  balance: number;
  createdAt: string;
}

export interface StationRedemptions {
  items: Array<{
    id: Id;
    rewardName: string;
    quantity: number;
    cost: number;
    personName: string;
    createdAt: string;
  }>;
  total: number;
}
