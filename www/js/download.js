// Downloads made in the browser: text files, and charts as SVG or PNG.
//
// PNG: the chart on the page is painted onto a canvas shape by shape, with the
// colours and fonts the page shows (computed styles, so a theme is kept). No
// image is loaded, so it works under any Content-Security-Policy — also one
// without `img-src blob:` or `data:` — and the drawing is framed with a margin
// that takes in every label, so nothing is cut at the edges.

/** Saves `text` as a file called `name`. */
export function downloadText(name, text, type = "text/plain") {
  saveBlob(name, new Blob([text], { type }));
}

function saveBlob(name, blob) {
  const url = URL.createObjectURL(blob);
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

/** The elements the core's charts are made of (src/charts/svg.rs); the painter knows each. */
const SHAPES = "rect, circle, line, polyline, text";
/** White space around the drawing in the PNG, in chart units. */
const MARGIN = 16;

const number = (node, name) => Number(node.getAttribute(name)) || 0;

/** The area to draw: the viewBox and every shape's extent (labels may reach past it), plus a margin. */
function frame(svg) {
  const box = svg.viewBox.baseVal;
  let [x0, y0, x1, y1] = box && box.width ? [box.x, box.y, box.x + box.width, box.y + box.height] : [0, 0, svg.clientWidth || 800, svg.clientHeight || 400];
  for (const node of svg.querySelectorAll(SHAPES)) {
    try {
      const b = node.getBBox();
      if (b.width || b.height) {
        x0 = Math.min(x0, b.x);
        y0 = Math.min(y0, b.y);
        x1 = Math.max(x1, b.x + b.width);
        y1 = Math.max(y1, b.y + b.height);
      }
    } catch {
      // not rendered (display: none): it is not drawn either
    }
  }
  return { x: x0 - MARGIN, y: y0 - MARGIN, width: x1 - x0 + 2 * MARGIN, height: y1 - y0 + 2 * MARGIN };
}

/** The paint of `value` (a computed fill or stroke), or null for none. */
const paintOf = (value) => (!value || value === "none" || value === "transparent" ? null : value);

function paintText(ctx, node, style) {
  const text = [...node.childNodes]
    .filter((n) => n.nodeType === Node.TEXT_NODE)
    .map((n) => n.data)
    .join("");
  const fill = paintOf(style.fill);
  if (!text || !fill) return;
  ctx.save();
  const rotate = /rotate\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*\)/.exec(node.getAttribute("transform") || "");
  if (rotate) {
    const [, angle, cx, cy] = rotate.map(Number);
    ctx.translate(cx, cy);
    ctx.rotate((angle * Math.PI) / 180);
    ctx.translate(-cx, -cy);
  }
  ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  ctx.fillStyle = fill;
  ctx.textAlign = { middle: "center", end: "end" }[node.getAttribute("text-anchor")] ?? "start";
  ctx.textBaseline = "alphabetic";
  ctx.fillText(text, number(node, "x"), number(node, "y"));
  ctx.restore();
}

/** Paints the chart's shapes in document order onto `ctx` (in chart units). */
function paint(ctx, svg) {
  for (const node of svg.querySelectorAll(SHAPES)) {
    const style = getComputedStyle(node);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const fill = paintOf(style.fill);
    const stroke = paintOf(style.stroke);
    ctx.lineWidth = parseFloat(style.strokeWidth) || 1;
    const dash = node.getAttribute("stroke-dasharray");
    ctx.setLineDash(dash ? dash.split(/[\s,]+/).map(Number) : []);
    ctx.beginPath();
    switch (node.localName) {
      case "rect":
        ctx.rect(number(node, "x"), number(node, "y"), number(node, "width"), number(node, "height"));
        break;
      case "circle":
        ctx.arc(number(node, "cx"), number(node, "cy"), number(node, "r"), 0, 2 * Math.PI);
        break;
      case "line":
        ctx.moveTo(number(node, "x1"), number(node, "y1"));
        ctx.lineTo(number(node, "x2"), number(node, "y2"));
        break;
      case "polyline": {
        const points = (node.getAttribute("points") || "").trim().split(/\s+/).map((p) => p.split(",").map(Number));
        points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
        break;
      }
      case "text":
        paintText(ctx, node, style);
        continue;
    }
    if (fill && node.localName !== "line" && node.localName !== "polyline") {
      ctx.fillStyle = fill;
      ctx.fill();
    }
    if (stroke) {
      ctx.strokeStyle = stroke;
      ctx.stroke();
    }
  }
}

/**
 * The chart as a PNG blob at 2× resolution on white, drawn from the page's own
 * rendering of `svgElement` (which must be in the document).
 */
export async function pngBlob(svgElement) {
  const area = frame(svgElement);
  const scale = 2;
  const canvas = document.createElement("canvas");
  canvas.width = Math.ceil(area.width * scale);
  canvas.height = Math.ceil(area.height * scale);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("no canvas");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(scale, 0, 0, scale, -area.x * scale, -area.y * scale);
  paint(ctx, svgElement);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!blob) throw new Error("the canvas gave no PNG");
  return blob;
}

/** Saves an SVG element (shown on the page) as a .png file. Rejects with the reason when it cannot. */
export async function downloadPng(svgElement, name) {
  saveBlob(`${name}.png`, await pngBlob(svgElement));
}

/**
 * Runs `save` (a download) and shows what went wrong in `status` (an element with
 * role="alert") instead of leaving an uncaught rejection; `message(error)` words it.
 */
export async function reportFailure(save, status, message) {
  status.hidden = true;
  status.textContent = "";
  try {
    await save();
  } catch (error) {
    status.textContent = message(error);
    status.hidden = false;
  }
}
