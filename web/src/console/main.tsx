import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { AuthProvider } from '../components/auth';
import '../components/format';
import { consoleTheme } from '../components/theme';
import { ConsoleRoutes } from './routes';
import './console.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      theme={consoleTheme}
      componentSize="middle"
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <BrowserRouter basename="/">
          <AuthProvider>
            <ConsoleRoutes />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
