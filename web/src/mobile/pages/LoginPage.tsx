import { Button, Form, Input } from 'antd-mobile';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useAuth } from '../../components/auth';
import { Logo } from '../../components/Logo';

interface LoginForm {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { user, status, login, expired } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<LoginForm>();
  const from = (location.state as { from?: string } | null)?.from;

  if (status === 'ready' && user && !submitting) return <Navigate to={from ?? '/'} replace />;

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
      navigate(from && from !== '/login' ? from : '/', { replace: true });
    } catch (err) {
      const text = errorMessage(err);
      setError(text);
      form.setFieldValue('password', '');
      setSubmitting(false);
    }
  };

  return (
    <div className="hlm-login">
      <div className="hlm-login-head">
        <Logo size={52} inverse />
        <h1>红链</h1>
        <p>党建引领基层治理平台</p>
      </div>
      <div className="hlm-login-body">
        {expired && !error ? <div className="hlm-tip">登录已过期，请重新登录</div> : null}
        {error ? (
          <div className="hlm-error" role="alert" data-testid="login-error">
            {error}
          </div>
        ) : null}
        <Form
          form={form}
          name="login"
          layout="vertical"
          onFinish={onFinish}
          requiredMarkStyle="none"
          footer={
            <Button
              block
              type="submit"
              color="primary"
              size="large"
              loading={submitting}
              loadingText="正在登录"
            >
              登录
            </Button>
          }
        >
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input placeholder="请输入用户名" autoComplete="username" clearable />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input placeholder="请输入密码" type="password" autoComplete="current-password" clearable />
          </Form.Item>
        </Form>
        <p className="hlm-hint">账号由所在党组织管理员分配。</p>
      </div>
    </div>
  );
}
