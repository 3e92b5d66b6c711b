import { Button, Form, Input, List, NavBar, Selector, TextArea, Toast } from 'antd-mobile';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { CaseCategory, CaseDetail, SimilarCase } from '../../api/cases';
import { api, errorMessage } from '../../api/client';
import { useGet } from '../../api/hooks';

/** Shrinks a photo to at most 1280 px as JPEG, so it stays under the 1 MB limit on any phone. */
async function shrink(file: File): Promise<{ fileName: string; contentType: string; dataBase64: string }> {
  const url = URL.createObjectURL(file);
  try {
    const img = await new Promise<HTMLImageElement>((resolve, reject) => {
      const i = new Image();
      i.onload = () => resolve(i);
      i.onerror = reject;
      i.src = url;
    });
    const scale = Math.min(1, 1280 / Math.max(img.width, img.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.width * scale));
    canvas.height = Math.max(1, Math.round(img.height * scale));
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    const dataUrl = canvas.toDataURL('image/jpeg', 0.8);
    return {
      fileName: file.name.replace(/\.\w+$/, '.jpg'),
      contentType: 'image/jpeg',
      dataBase64: dataUrl.split(',')[1]!,
    };
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The same form under each role's name: a grid worker's 网格上报, an enterprise's 点单 and 一键写信. */
const MODES = {
  report: '随手拍',
  grid: '网格上报',
  order: '点单',
  letter: '一键写信',
} as const;

/** 随手拍: photo, location, category and text; similar open cases show while typing. */
export default function ReportPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const grid = params.get('channel') === 'grid';
  const mode = grid ? 'grid' : (params.get('mode') as keyof typeof MODES | null);
  const heading = MODES[mode && mode in MODES ? mode : 'report'];
  const categories = useGet<{ items: CaseCategory[] }>('/case-categories');
  const [categoryId, setCategoryId] = useState<number | undefined>();
  // 红色物业: the compounds of the caller's area, so a complaint about a compound reaches its rating
  const compounds = useGet<{ items: Array<{ id: number; name: string; companyName: string }> }>(
    '/property/report-compounds',
  );
  const [compoundId, setCompoundId] = useState<number | undefined>();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [phone, setPhone] = useState('');
  const [pos, setPos] = useState<{ lat: number; long: number } | null>(null);
  const [photos, setPhotos] = useState<Array<{ fileName: string; contentType: string; dataBase64: string }>>(
    [],
  );
  const [attrs, setAttrs] = useState<Record<string, string>>({});
  const [similar, setSimilar] = useState<SimilarCase[]>([]);
  const [busy, setBusy] = useState(false);
  const key = useRef(crypto.randomUUID());
  const category = categories.data?.items.find((c) => c.id === categoryId);

  useEffect(() => {
    const text = `${title} ${description}`.trim();
    if (text.length < 4 && !pos) return;
    const timer = setTimeout(() => {
      api
        .get<{ items: SimilarCase[] }>('/cases/similar', {
          category: categoryId,
          text: text || undefined,
          lat: pos?.lat,
          long: pos?.long,
        })
        .then((r) => setSimilar(r.items))
        .catch(() => setSimilar([]));
    }, 400);
    return () => clearTimeout(timer);
  }, [title, description, categoryId, pos]);

  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (p) => setPos({ lat: p.coords.latitude, long: p.coords.longitude }),
      () => Toast.show({ content: '无法获取位置，请手动填写地址' }),
    );

  const submit = async () => {
    if (!categoryId) {
      Toast.show({ content: '请选择问题分类' });
      return;
    }
    setBusy(true);
    try {
      const created = await api.post<CaseDetail>(
        '/cases',
        {
          categoryId,
          compoundId,
          title,
          description: description || title,
          channel: grid ? 'grid' : 'mobile',
          address: address || undefined,
          reporterPhone: phone.trim() || undefined,
          ...(pos ?? {}),
          attributes: Object.keys(attrs).length ? attrs : undefined,
          photos,
        },
        { headers: { 'idempotency-key': key.current } },
      );
      Toast.show({ icon: 'success', content: `已提交，工单编号 ${created.id}` });
      navigate(`/cases/${created.id}`, { replace: true });
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')}>{heading}</NavBar>
      <Form
        layout="vertical"
        footer={
          <Button block color="primary" size="large" loading={busy} onClick={submit}>
            提交
          </Button>
        }
      >
        <Form.Item label="问题分类" required>
          <Selector
            columns={3}
            options={(categories.data?.items ?? []).map((c) => ({ label: c.name, value: String(c.id) }))}
            value={categoryId ? [String(categoryId)] : []}
            onChange={(v) => setCategoryId(v[0] ? Number(v[0]) : undefined)}
          />
        </Form.Item>
        {compounds.data?.items.length ? (
          <Form.Item label="涉及小区（选填，反映小区物业问题时请选择）">
            <Selector
              columns={2}
              options={compounds.data.items.map((c) => ({ label: c.name, value: String(c.id) }))}
              value={compoundId ? [String(compoundId)] : []}
              onChange={(v) => setCompoundId(v[0] ? Number(v[0]) : undefined)}
            />
          </Form.Item>
        ) : null}
        {category?.attributes.map((a) => (
          <Form.Item key={a.code} label={`${a.description ?? a.code}${a.required ? '（必填）' : ''}`}>
            {a.values ? (
              <Selector
                options={a.values.map((v) => ({ label: v.name, value: v.key }))}
                value={attrs[a.code] ? [attrs[a.code]!] : []}
                onChange={(v) => setAttrs((x) => ({ ...x, [a.code]: v[0] ?? '' }))}
              />
            ) : (
              <Input value={attrs[a.code] ?? ''} onChange={(v) => setAttrs((x) => ({ ...x, [a.code]: v }))} />
            )}
          </Form.Item>
        ))}
        <Form.Item label="标题" required>
          <Input placeholder="一句话说明问题" value={title} maxLength={100} onChange={setTitle} />
        </Form.Item>
        <Form.Item label="详细描述">
          <TextArea
            placeholder="时间、地点、情况"
            value={description}
            maxLength={4000}
            rows={3}
            onChange={setDescription}
          />
        </Form.Item>
        <Form.Item label="照片（最多 3 张）">
          <input
            type="file"
            accept="image/*"
            capture="environment"
            data-testid="photo-input"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file || photos.length >= 3) return;
              try {
                const p = await shrink(file);
                setPhotos((x) => [...x, p]);
              } catch {
                Toast.show({ content: '无法读取该照片' });
              }
            }}
          />
          <div className="hlm-muted" data-testid="photo-count">
            已选 {photos.length} 张
          </div>
        </Form.Item>
        <Form.Item
          label="位置"
          extra={pos ? `已定位：${pos.lat.toFixed(5)}, ${pos.long.toFixed(5)}` : undefined}
        >
          <Input placeholder="地址（如：兴隆路 8 号）" value={address} onChange={setAddress} />
          <Button size="small" style={{ marginTop: 8 }} onClick={locate}>
            获取当前位置
          </Button>
        </Form.Item>
        <Form.Item label="联系电话" extra="承办人员联系您时使用；只有承办人员可以查看完整号码">
          <Input placeholder="手机号（选填）" type="tel" value={phone} maxLength={13} onChange={setPhone} />
        </Form.Item>
      </Form>
      {similar.length ? (
        <List header="附近或相似的在办问题（可能已有人反映）" mode="card">
          {similar.map((s) => (
            <List.Item
              key={s.id}
              description={`${s.categoryName} · ${s.stateLabel}${s.distanceMeters !== null ? ` · ${s.distanceMeters} 米` : ''}`}
            >
              {s.title}
            </List.Item>
          ))}
        </List>
      ) : null}
    </div>
  );
}
