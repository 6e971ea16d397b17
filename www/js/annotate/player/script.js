// Loads a provider's player script once, on demand (a <script> element, as
// the providers document). A script that does not load (no connection, a
// blocking extension, the page's CSP) rejects, and may be tried again.

const loading = new Map();

/** Resolves when the script at `src` has run; rejects on an error or after `timeout` ms. */
export function loadScript(src, timeout = 20000) {
  if (loading.has(src)) return loading.get(src);
  const promise = new Promise((resolve, reject) => {
    const script = document.createElement("script");
    const fail = (why) => {
      clearTimeout(timer);
      script.remove();
      loading.delete(src);
      reject(new Error(`${src}: ${why}`));
    };
    const timer = setTimeout(() => fail("timed out"), timeout);
    script.src = src;
    script.async = true;
    script.addEventListener("load", () => {
      clearTimeout(timer);
      resolve();
    });
    script.addEventListener("error", () => fail("did not load"));
    document.head.append(script);
  });
  loading.set(src, promise);
  return promise;
}

/** `promise`, or a rejection with `message` after `ms` milliseconds. */
export function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() => clearTimeout(timer));
}
