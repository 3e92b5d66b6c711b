import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv, type Plugin } from 'vite';

// Paths relative to this file, so the build works from the repository root and from web/.
const here = (path: string) => decodeURIComponent(new URL(path, import.meta.url).pathname);

/** In development, serve the phone pages' HTML for every `/m/...` route, as the server does in production. */
function mobileFallback(): Plugin {
  return {
    name: 'honglian-mobile-fallback',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const path = (req.url ?? '').split('?')[0] ?? '';
        const wantsHtml = req.headers.accept?.includes('text/html');
        if (wantsHtml && (path === '/m' || (path.startsWith('/m/') && !path.includes('.'))))
          req.url = '/m/index.html';
        next();
      });
    },
  };
}

/**
 * Writes a `.br` and a `.gz` beside every text file of the build, so the server sends the compressed
 * copy (`@fastify/static` with `preCompressed`) without compressing on each request: the console's
 * first load moves about 0.5 MB instead of 2.2 MB.
 */
function precompress(): Plugin {
  return {
    name: 'honglian-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? here('dist');
      for (const file of Object.values(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(file.fileName)) continue;
        const body = file.type === 'chunk' ? file.code : file.source;
        const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
        if (bytes.length < 1024) continue;
        const target = path.join(dir, file.fileName);
        writeFileSync(
          `${target}.br`,
          brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }),
        );
        writeFileSync(`${target}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

// Two pages: the console at `/` and the phone pages at `/m/`. Every console route is a lazy
// chunk; the large libraries get chunks of their own, so a release that changes only our code
// leaves them cached, and the phone pages never download antd (nor the console antd-mobile).
export default defineConfig(({ mode }) => {
  // `HONGLIAN_API=http://127.0.0.1:3100 npm run dev -w web` points the dev proxy at another server.
  const apiTarget = loadEnv(mode, here('.'), 'HONGLIAN_').HONGLIAN_API || 'http://127.0.0.1:3000';
  return {
    root: here('.'),
    plugins: [react(), mobileFallback(), precompress()],
    server: {
      host: '127.0.0.1',
      port: 5173,
      proxy: {
        '/api': { target: apiTarget },
        '/open311': { target: apiTarget },
      },
    },
    build: {
      outDir: here('dist'),
      emptyOutDir: true,
      // The largest chunk (antd's components) is about 620 kB before compression, under 200 kB gzipped.
      chunkSizeWarningLimit: 700,
      rolldownOptions: {
        input: {
          console: here('index.html'),
          mobile: here('m/index.html'),
        },
        output: {
          codeSplitting: {
            groups: [
              {
                name: 'react',
                test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser)[\\/]/,
                priority: 40,
              },
              { name: 'dayjs', test: /node_modules[\\/]dayjs[\\/]/, priority: 35 },
              // Small helpers both UI kits use; without this group they would tie the two pages' chunks together.
              {
                name: 'vendor',
                test: /node_modules[\\/](@babel[\\/]runtime|react-is|clsx|classnames|tslib|use-sync-external-store|@rc-component[\\/]mini-decimal)[\\/]/,
                priority: 38,
              },
              // Charts (党费 statistics and later dashboards): only pages that draw one load it.
              {
                name: 'echarts',
                test: /node_modules[\\/](echarts|zrender|echarts-for-react|size-sensor|fast-deep-equal)[\\/]/,
                priority: 32,
              },
              { name: 'antd-icons', test: /node_modules[\\/]@ant-design[\\/]icons/, priority: 30 },
              { name: 'antd-rc', test: /node_modules[\\/]@rc-component[\\/]/, priority: 25 },
              { name: 'antd', test: /node_modules[\\/](antd|@ant-design)[\\/]/, priority: 20 },
              {
                name: 'antd-mobile',
                test: /node_modules[\\/](antd-mobile|rc-field-form|rc-util|rc-segmented)[\\/]/,
                priority: 10,
              },
            ],
          },
        },
      },
    },
  };
});
