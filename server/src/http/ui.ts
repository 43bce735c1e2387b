import { build } from 'esbuild';
import express, { Router } from 'express';
import path from 'node:path';

/**
 * A web client the server serves: a TypeScript entry bundled with esbuild on first
 * request (kept in memory; rebuilt on every request with HALLQ_UI_DEV=1), an HTML shell
 * at each of its paths, and an optional folder of static assets (voice clips, images).
 */
export interface UiApp {
  /** Bundle name: served at /ui/<name>.js (and /ui/<name>.css when the entry imports CSS). */
  name: string;
  /** Absolute path of the entry .ts file. */
  entry: string;
  title: string;
  /** Express paths that answer with the HTML shell, e.g. ['/board', '/window/:number']. */
  paths: string[];
  /** Static files served under /ui/<name>/assets/. */
  assets?: string;
  /** Extra attributes for <body>, e.g. a class for the layout. */
  bodyClass?: string;
}

interface Bundle {
  js: string;
  css: string | null;
}

function shell(app: UiApp, css: boolean): string {
  const escape = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(app.title)}</title>
${css ? `<link rel="stylesheet" href="/ui/${app.name}.css">` : ''}
</head>
<body${app.bodyClass ? ` class="${escape(app.bodyClass)}"` : ''}>
<div id="app"></div>
<script src="/ui/${app.name}.js"></script>
</body>
</html>
`;
}

export function uiRoutes(apps: readonly UiApp[]): Router {
  const router = Router();
  const cache = new Map<string, Promise<Bundle>>();
  const dev = process.env.HALLQ_UI_DEV === '1';

  const bundle = (app: UiApp): Promise<Bundle> => {
    const cached = cache.get(app.name);
    if (cached && !dev) return cached;
    const pending = build({
      entryPoints: [app.entry],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: ['chrome110'],
      minify: !dev,
      sourcemap: dev ? 'inline' : false,
      outdir: path.join('/ui', app.name),
      entryNames: app.name,
      loader: { '.svg': 'text' },
      logLevel: 'silent',
    }).then((result) => {
      const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
      const css = result.outputFiles.find((f) => f.path.endsWith('.css'));
      if (!js) throw new Error(`no bundle for ${app.name}`);
      return { js: js.text, css: css?.text ?? null };
    });
    pending.catch(() => cache.delete(app.name));
    cache.set(app.name, pending);
    return pending;
  };

  for (const app of apps) {
    router.get(`/ui/${app.name}.js`, async (_req, res, next) => {
      try {
        const { js } = await bundle(app);
        res.type('application/javascript').send(js);
      } catch (error) {
        next(error);
      }
    });
    router.get(`/ui/${app.name}.css`, async (_req, res, next) => {
      try {
        const { css } = await bundle(app);
        if (css === null) return next();
        res.type('text/css').send(css);
      } catch (error) {
        next(error);
      }
    });
    if (app.assets)
      router.use(`/ui/${app.name}/assets`, express.static(app.assets, { fallthrough: false }));
    for (const route of app.paths) {
      router.get(route, async (_req, res, next) => {
        try {
          const { css } = await bundle(app);
          res.type('html').send(shell(app, css !== null));
        } catch (error) {
          next(error);
        }
      });
    }
  }
  return router;
}
