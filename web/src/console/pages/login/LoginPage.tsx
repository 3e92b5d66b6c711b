import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError, errorMessage } from '../../../api/client';
import { useAuth } from '../../../components/auth';
import { DemoBanner } from '../../../components/DemoBanner';
import { Logo } from '../../../components/Logo';
import { useFeedback } from '../../feedback';
import { HOME_PATH } from '../../nav';

interface LoginForm {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { user, login, expired, status } = useAuth();
  const { message } = useFeedback();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<LoginForm>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const from = (location.state as { from?: string } | null)?.from;

  if (status === 'ready' && user && !submitting) return <Navigate to={from ?? '/'} replace />;

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      const signedIn = await login(values.username.trim(), values.password);
      message.success(`欢迎您，${signedIn.displayName}`);
      navigate(from && from !== '/login' && from !== '/' ? from : HOME_PATH, { replace: true });
    } catch (err) {
      const text = errorMessage(err);
      setError(text);
      if (err instanceof ApiError && err.status === 401) form.setFieldValue('password', '');
      setSubmitting(false);
    }
  };

  return (
    <div className="hl-login">
      <DemoBanner />
      <div className="hl-login-main">
        <div className="hl-login-intro">
          <Logo size={56} inverse />
          <h1>红链 · 党建引领基层治理平台</h1>
          <p>党组织、党员、单位与基层治理事项一体化管理</p>
        </div>
        <Card className="hl-login-card" variant="borderless">
          <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 20 }}>
            账号登录
          </Typography.Title>
          {expired && !error ? (
            <Alert type="info" showIcon title="登录已过期，请重新登录" style={{ marginBottom: 16 }} />
          ) : null}
          {error ? (
            <Alert
              type="error"
              showIcon
              title={error}
              style={{ marginBottom: 16 }}
              data-testid="login-error"
            />
          ) : null}
          <Form<LoginForm>
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={onFinish}
            size="large"
          >
            <Form.Item
              label="用户名"
              name="username"
              rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
            >
              <Input prefix={<UserOutlined />} placeholder="请输入用户名" autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password
                prefix={<LockOutlined />}
                placeholder="请输入密码"
                autoComplete="current-password"
              />
            </Form.Item>
            <Form.Item style={{ marginBottom: 8 }}>
              <Button type="primary" htmlType="submit" block loading={submitting}>
                登录
              </Button>
            </Form.Item>
          </Form>
          <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }}>
            账号由上级党组织管理员分配。忘记密码请联系本级组织管理员重置。
          </Typography.Paragraph>
        </Card>
      </div>
      <footer className="hl-login-footer">红链 Honglian · 党建引领基层治理平台</footer>
    </div>
  );
}
