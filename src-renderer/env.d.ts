/** Vite's `?inline` imports: a stylesheet as a string, adopted into a shadow root. */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
