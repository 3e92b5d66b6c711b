import { Typography } from 'antd';
import type { ReactNode } from 'react';

interface Props {
  title: ReactNode;
  subTitle?: ReactNode;
  extra?: ReactNode;
  /** Above the title, e.g. a breadcrumb. */
  header?: ReactNode;
  children: ReactNode;
}

/** The page frame of every console page: a title bar and the content below it. */
export function PageContainer({ title, subTitle, extra, header, children }: Props) {
  return (
    <div className="hl-page">
      <div className="hl-page-head">
        {header}
        <div className="hl-page-title-row">
          <div className="hl-page-title">
            <Typography.Title level={4} style={{ margin: 0 }}>
              {title}
            </Typography.Title>
            {subTitle ? <span className="hl-page-subtitle">{subTitle}</span> : null}
          </div>
          {extra ? <div className="hl-page-extra">{extra}</div> : null}
        </div>
      </div>
      <div className="hl-page-body">{children}</div>
    </div>
  );
}
