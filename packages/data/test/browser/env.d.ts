// Vite's import suffixes used by the browser tests: `?raw` gives a file's text, `?url` its served URL.
declare module '*?raw' {
  const text: string;
  export default text;
}
declare module '*?url' {
  const url: string;
  export default url;
}
