// Files the web clients import and esbuild bundles (server/src/http/ui.ts).
declare module '*.css';
declare module '*.svg' {
  const markup: string;
  export default markup;
}
