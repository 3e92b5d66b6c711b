import { maskIdNumber, maskPhone } from '@honglian/domain';
import { Button, DotLoading, ErrorBlock, List, NavBar, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useGet } from '../../api/hooks';
import type { MemberDetail } from '../../api/members';
import { EMPTY, formatDate, formatFullMemberOn } from '../../components/format';

/** 我的党员档案: the member's own record; the ID number is masked until they tap to show it. */
export default function MyMemberPage() {
  const navigate = useNavigate();
  const me = useGet<MemberDetail>('/me/member');
  const [shown, setShown] = useState(false);
  const m = me.data;
  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')} backIcon backArrow>
        我的党员档案
      </NavBar>
      {me.loading && !m ? (
        <div className="hlm-center">
          <DotLoading color="primary" />
          <span>加载中</span>
        </div>
      ) : me.error ? (
        <ErrorBlock
          status="empty"
          title={me.error.status === 404 ? '暂无党员档案' : '加载失败'}
          description={me.error.userMessage}
        />
      ) : m ? (
        <>
          <List header="党员信息" mode="card">
            <List.Item extra={m.name}>姓名</List.Item>
            <List.Item extra={m.genderLabel}>性别</List.Item>
            <List.Item
              extra={
                <span style={{ fontFamily: 'monospace' }} data-testid="my-id-number">
                  {shown ? m.idNumber : maskIdNumber(m.idNumber)}
                </span>
              }
              description={
                <Button size="mini" fill="none" color="primary" onClick={() => setShown((v) => !v)}>
                  {shown ? '隐藏' : '显示完整号码'}
                </Button>
              }
            >
              公民身份号码
            </List.Item>
            <List.Item extra={m.phone ? (shown ? m.phone : maskPhone(m.phone)) : EMPTY}>手机号码</List.Item>
          </List>
          <List header="组织关系" mode="card">
            <List.Item description={m.orgPathNames.slice(0, -1).join(' / ') || undefined} extra={null}>
              {m.orgName}
            </List.Item>
            <List.Item extra={<Tag color="primary">{m.stageLabel}</Tag>}>党员类别</List.Item>
            <List.Item extra={formatDate(m.joinedOn)}>入党日期</List.Item>
            <List.Item extra={formatFullMemberOn(m)}>转正日期</List.Item>
            <List.Item
              extra={<Tag color={m.status === 'normal' ? 'success' : 'warning'}>{m.statusLabel}</Tag>}
            >
              状态
            </List.Item>
            {m.status === 'mobile' ? <List.Item extra={m.mobileLocation ?? EMPTY}>流动去向</List.Item> : null}
          </List>
          <p className="hlm-muted" style={{ padding: '0 16px' }}>
            信息有误请联系所在党支部更正。
          </p>
        </>
      ) : null}
    </div>
  );
}
