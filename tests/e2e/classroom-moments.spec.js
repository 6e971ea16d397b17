// Issue 10 on the classroom page: a key of plain one-second cues graded as
// moments (students 0, ±2, ±2.99 s off find everything, ±3.01 s nothing),
// the rule stated on the page, the tolerance and the moment settings
// changing the grades; a class of 30 with "what the class missed" intact
// and two students of one name warned; a share link that names its video.
// Fixtures: tests/data/classroom/moment_cues.json (hand-computed there).
const fs = require("node:fs");
const path = require("node:path");
const { test, expect } = require("./fixtures");

const FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, "../data/classroom/moment_cues.json"), "utf8"));

/** WebVTT timestamp of `s` seconds. */
function stamp(s) {
  const ms = Math.round(s * 1000);
  const pad = (n, w = 2) => String(n).padStart(w, "0");
  return `${pad(Math.floor(ms / 3600000))}:${pad(Math.floor(ms / 60000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

/** A WebVTT file of plain cues (no metadata line), as most tools write them. */
function vtt(observation, { media = true } = {}) {
  let out = `WEBVTT\n\nNOTE\nobserver: ${observation.observer}\n${media && observation.media ? `video: ${observation.media}\n` : ""}\n`;
  for (const m of observation.marks) out += `${stamp(m.start)} --> ${stamp(m.end ?? m.start + 1)}\n${m.touchpoint}\n\n`;
  return out;
}

const file = (name, text) => ({ name, mimeType: "text/vtt", buffer: Buffer.from(text) });
const row = (page, name) => page.locator("#grades tbody tr", { has: page.getByRole("button", { name, exact: true }) });
const grade = (page, name) => row(page, name).locator("td.grade .grade-value");

async function loadFixture(page) {
  await page.goto("/classroom.html");
  await page.locator("#key-input").setInputFiles(file("key.vtt", vtt(FIXTURE.key)));
  await expect(page.locator("#key-status")).toHaveText(/8 touch points/);
  await page.locator("#students-input").setInputFiles(FIXTURE.students.map((s) => file(`${s.observer}.vtt`, vtt(s))));
  await expect(page.locator("#grades tbody tr")).toHaveCount(7);
}

test("a key of one-second cues: students up to 3 s off find every touch point, and the page says why", async ({ page }) => {
  await loadFixture(page);
  for (const name of ["on time", "2 s late", "2 s early", "2.99 s late", "2.99 s early"]) {
    await expect(grade(page, name), name).toHaveText("10.0");
    await expect(row(page, name).locator("td").nth(4), name).toHaveText("8"); // hits
  }
  for (const name of ["3.01 s late", "3.01 s early"]) {
    // F1 0, count accuracy 1: 1 + 9 × 0.2 / 0.8 = 3.25 → 3.3.
    await expect(grade(page, name), name).toHaveText("3.3");
    await expect(row(page, name).locator("td").nth(4), name).toHaveText("0");
  }
  // Which rule made the marks moments.
  const rule = page.locator("#moment-rule");
  await expect(rule).toContainText("the key's marks: 8 moments (8 lasting at most 1 s), 0 state events");
  await expect(rule).toContainText("the students' marks: 56 moments (56 lasting at most 1 s), 0 state events");
  await expect(rule).toContainText("A mark with no end, or lasting at most 1 s, is a moment: it matches when the starts are at most 3 s apart.");

  // What the class missed: each touch point found by 5 of 7, missed by the two 3.01 s students.
  const first = page.locator("#touchpoints tbody tr").first();
  await expect(first).toContainText("5 / 7 (71%)");
  await expect(first.locator("td.missed-by")).toHaveText("3.01 s late, 3.01 s early");

  // The feedback of a student 2 s late lists nothing as missed or extra.
  await page.getByRole("button", { name: "2 s late", exact: true }).click();
  await expect(page.locator("#detail-body .missed li")).toHaveText(["none"]);
  await expect(page.locator("#detail-body .extra li")).toHaveText(["none"]);
  const feedback = await page.locator("#feedback-preview").textContent();
  expect(feedback).toContain("Grade: 10.0");
  expect(feedback).toMatch(/Missed touch points[^\n]*\n {2}none\n/);
  expect(feedback).toMatch(/Extra marks[^\n]*\n {2}none\n/);
  expect(feedback).toContain("The key's 8 marks: 8 moments (8 lasting at most 1 s), no state event.");
  // A student 3.01 s late: each touch point once as missed and once as extra, at different times.
  await page.getByRole("button", { name: "3.01 s late", exact: true }).click();
  await expect(page.locator("#detail-body .missed li").first()).toHaveText("00:08 Instagram ad");
  await expect(page.locator("#detail-body .extra li").first()).toHaveText("00:11 Instagram ad");

  // The tolerance changes the result: at 2.5 s the 2.99 s students miss everything.
  await page.locator("#tolerance").fill("2.5");
  await expect(grade(page, "2.99 s late")).toHaveText("3.3");
  await expect(grade(page, "2 s late")).toHaveText("10.0");
  await expect(first).toContainText("3 / 7 (43%)");
  await page.locator("#tolerance").fill("3");
  await expect(grade(page, "2.99 s late")).toHaveText("10.0");

  // Threshold 0: the cues are state events again and shifted ones never overlap …
  await page.locator("#moment-seconds").fill("0");
  await expect(grade(page, "2 s late")).toHaveText("3.3");
  await expect(grade(page, "on time")).toHaveText("10.0");
  await expect(rule).toContainText("the key's marks: 0 moments, 8 state events");
  // … unless the teacher treats every mark as a moment.
  await page.getByLabel("Treat every mark as a moment").check();
  await expect(grade(page, "2 s late")).toHaveText("10.0");
  await expect(rule).toContainText("8 moments (8 by “treat every mark as a moment”)");
  await expect(rule).toContainText("Every mark is treated as a moment (the teacher's setting)");
  await page.getByRole("button", { name: "Reset to defaults" }).click();
  await expect(page.locator("#moment-seconds")).toHaveValue("1");
  await expect(grade(page, "2 s late")).toHaveText("10.0");
});

/** 30 students: the 5 demo students, a second "Anna", and 24 generated ones who each miss some touch points. */
function classOf30() {
  const files = ["anna", "bram", "chloe", "daan", "eva"].map((n) => ({ name: `${n}.vtt`, mimeType: "text/vtt", buffer: fs.readFileSync(`www/samples/students/${n}.vtt`) }));
  const key = FIXTURE.key.marks;
  files.push(file("anna-2.vtt", vtt({ observer: "Anna", marks: key.slice(0, 6).map((m) => ({ ...m, start: m.start + 1, end: m.start + 2 })) })));
  const first = ["Sanne", "Lucas", "Noor", "Milan", "Julia", "Sem", "Emma", "Finn", "Tess", "Levi", "Zoë", "Jesse", "Fleur", "Thijs", "Lotte", "Ruben", "Iris", "Daan-Jan", "Maud", "Bas", "Roos", "Stijn", "Femke", "Willemijn-Anne"];
  first.forEach((name, i) => {
    const marks = key.filter((m, k) => (i + k) % 4 !== 0 || k === 0).map((m) => ({ ...m, start: m.start + (i % 5) * 0.4, end: m.start + (i % 5) * 0.4 + 1 }));
    files.push(file(`${name.toLowerCase()}.vtt`, vtt({ observer: `${name} van den Berg-Oosterhuis`, marks })));
  });
  return files;
}

test("30 students: what the class missed keeps its borders and shows who missed; two students of one name are warned", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/classroom.html");
  await page.getByRole("button", { name: "Use the demo key" }).click();
  await page.locator("#students-input").setInputFiles(classOf30());
  await expect(page.locator("#grades tbody tr")).toHaveCount(30);

  // Table cells stay table cells (a flex td loses its borders and its column).
  const displays = await page.locator("#touchpoints td, #grades td").evaluateAll((tds) => [...new Set(tds.map((td) => getComputedStyle(td).display))]);
  expect(displays).toEqual(["table-cell"]);
  // Every row of the missed table has its bottom border under every cell.
  const borders = await page.locator("#touchpoints tbody tr").evaluateAll((trs) =>
    trs.map((tr) => new Set([...tr.cells].map((td) => Math.round(td.getBoundingClientRect().bottom))).size),
  );
  expect(borders.every((n) => n === 1)).toBe(true);
  // Nothing is clipped: the table fits its box, and "Missed by" folds many names behind a count.
  const wrap = await page.locator("#touchpoints").evaluate((t) => ({ table: t.scrollWidth, box: t.parentElement.clientWidth }));
  expect(wrap.table).toBeLessThanOrEqual(wrap.box);
  const many = page.locator("#touchpoints td.missed-by details").first();
  await expect(many.locator("summary")).toHaveText(/^\d+ students$/);
  await many.locator("summary").click();
  await expect(many.locator(".names")).toBeVisible();
  await expect(many.locator(".names")).toContainText("van den Berg-Oosterhuis");

  // Two files name the student "Anna": both are warned and shown with their file.
  await expect(page.locator("#problem-list")).toContainText("1 other file (anna-2.vtt) also names the student “Anna”");
  await expect(page.locator("#problem-list")).toContainText("1 other file (anna.vtt) also names the student “Anna”");
  await expect(page.getByRole("button", { name: "Anna (anna.vtt)", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Anna (anna-2.vtt)", exact: true })).toBeVisible();

  await page.screenshot({ path: "screenshots/classroom-30-1280.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "screenshots/classroom-30-390.png", fullPage: true });
});

test("a share link from a key without a video names the video, and the student is told which one to open", async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem("touchpoints.annotate.v1.observer", JSON.stringify("Anna")));
  await page.goto("/classroom.html");
  // A key with a 1-s cue and a 10-s span, and no video named in the file.
  const key = { observer: "teacher", marks: [{ start: 8, end: 9, touchpoint: "Instagram ad" }, { start: 20, end: 30, touchpoint: "Website visit" }] };
  await page.locator("#key-input").setInputFiles(file("key.vtt", vtt(key, { media: false })));
  await page.locator("#students-input").setInputFiles([file("anna.vtt", vtt({ observer: "Anna", marks: key.marks }))]);
  await expect(page.locator("#grades tbody tr")).toHaveCount(1);
  await expect(page.locator("#share-video")).toHaveValue("");
  await page.getByRole("button", { name: "Make the link" }).click();
  await expect(page.locator("#share-video-error")).toHaveText("Name the video the students should open: its file name or a link.");
  await expect(page.locator("#share-video")).toBeFocused();
  await expect(page.locator("#share-out")).toBeHidden();

  await page.locator("#share-video").fill("store-walk.mp4");
  await page.getByRole("button", { name: "Make the link" }).click();
  await expect(page.locator("#share-video-error")).toBeHidden();
  await expect(page.locator("#share-status")).toContainText("The annotator asks the student to open store-walk.mp4.");
  const link = await page.locator("#share-link").inputValue();
  const payload = await page.evaluate(async (h) => (await import("/js/exercise-link.js")).exerciseFromHash(new URL(h).hash), link);
  expect(payload.video).toBeUndefined();
  expect(payload.video_name).toBe("store-walk.mp4");
  // The core's moment rule makes the keys: the 1-s cue a moment, the 10-s span a state event.
  expect(payload.palette).toEqual([{ name: "Instagram ad" }, { name: "Website visit", state: true }]);

  await page.goto(link);
  await expect(page.locator("#exercise-video")).toHaveText("This exercise is about the video “store-walk.mp4”: open it with “Open a video file…”.");
  await expect(page.locator("#use-demo")).toBeHidden();
  await expect(page.locator("#video-name")).toHaveText("No video yet");
  await page.setInputFiles("#video-file", "www/samples/demo-journey.webm");
  await expect(page.locator("#length")).toHaveText("1:08.0");
  await expect(page.locator("#exercise-video")).toContainText("You opened “demo-journey.webm”, not “store-walk.mp4”: check that this is the exercise's video.");
});
