/** 我的组织生活 (server/src/modules/orglife/schemas.ts MyMeetingsAnswer is the source). */
import type { Id } from './types';

export type AttendanceStatus = 'present' | 'excused' | 'absent';

export interface MyMeeting {
  id: Id;
  orgName: string;
  kind: string;
  kindLabel: string;
  title: string;
  date: string;
  location: string | null;
  lecturer: string | null;
  myStatus: AttendanceStatus | null;
  myStatusLabel: string;
}

export interface MyMeetings {
  year: number;
  upcoming: MyMeeting[];
  past: MyMeeting[];
  missed: MyMeeting[];
  thisYear: { held: number; present: number; excused: number; absent: number };
}
