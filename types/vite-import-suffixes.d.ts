// Vite's import suffixes the browser tests use (core's and data's test/browser/env.d.ts reference this file): `?raw` gives a file's text, `?url` its served URL.
declare module '*?raw' {
  const text: string;
  export default text;
}
declare module '*?url' {
  const url: string;
  export default url;
}
