import { Card, Grid } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { formatFigure, type HomeAnswer, phoneLinkOf } from '../../api/dashboard';
import { useGet } from '../../api/hooks';

/** The phone's part of 工作台: what the user must see first, each figure opening its list. */
export function HomeFigures() {
  const navigate = useNavigate();
  const { data } = useGet<HomeAnswer>('/me/home');
  const cards = data?.cards.filter((c) => c.key !== 'region' && c.figures.length > 0) ?? [];
  return (
    <>
      {cards.map((c) => (
        <Card key={c.key} title={c.title} className="hlm-card" data-testid={`home-${c.key}`}>
          <Grid columns={c.figures.length === 4 ? 2 : 3} gap={8}>
            {c.figures.map((f) => {
              const to = phoneLinkOf(f);
              return (
                <Grid.Item key={f.key}>
                  <button
                    type="button"
                    className="hlm-figure"
                    data-testid={`figure-${f.key}`}
                    aria-label={`${f.label}：${formatFigure(f)}`}
                    onClick={() => {
                      if (to.external) window.location.href = to.path;
                      else navigate(to.path);
                    }}
                  >
                    <div className="hlm-figure-value">
                      {formatFigure(f)}
                      {f.unit !== '%' && f.value !== null ? <small>{f.unit}</small> : null}
                    </div>
                    <div className="hlm-figure-label">{f.label}</div>
                  </button>
                </Grid.Item>
              );
            })}
          </Grid>
        </Card>
      ))}
    </>
  );
}
