// Downloads made in the browser: text files, and charts as SVG or PNG.

/** Saves `text` as a file called `name`. */
export function downloadText(name, text, type = "text/plain") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Resolves CSS custom properties in an SVG so it looks the same outside the page.
 * Works on the serialized text (setting style attributes would break a strict CSP).
 */
export function standaloneSvg(svgElement) {
  const clone = svgElement.cloneNode(true);
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  const styles = getComputedStyle(svgElement);
  const xmlAttr = (text) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  const resolve = (text) =>
    text.replace(/var\((--[\w-]+),\s*([^)]+)\)/g, (_, name, fallback) => xmlAttr(styles.getPropertyValue(name).trim() || fallback.trim()));
  // Only the values of style and font-family attributes hold var().
  return new XMLSerializer()
    .serializeToString(clone)
    .replace(/ (style|font-family)="([^"]*)"/g, (_, attr, value) => ` ${attr}="${resolve(value)}"`);
}

/** Saves an SVG element as an .svg file. */
export function downloadSvg(svgElement, name) {
  downloadText(`${name}.svg`, standaloneSvg(svgElement), "image/svg+xml");
}

/** Saves an SVG element as a .png file (2× resolution, white background). */
export async function downloadPng(svgElement, name) {
  const text = standaloneSvg(svgElement);
  const box = svgElement.viewBox.baseVal;
  const width = (box && box.width) || svgElement.clientWidth || 800;
  const height = (box && box.height) || svgElement.clientHeight || 400;
  const image = new Image();
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  await new Promise((resolve, reject) => {
    image.onload = resolve;
    image.onerror = reject;
    image.src = url;
  });
  const canvas = document.createElement("canvas");
  canvas.width = width * 2;
  canvas.height = height * 2;
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  URL.revokeObjectURL(url);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `${name}.png`;
  document.body.append(a);
  a.click();
  a.remove();
}
