// Classroom page: demo key + 5 demo students → grades, CSV, live settings,
// hostile names shown literally, and the exercise link round trip.
// Hand-checked numbers (key: 8 touch points, unclassified; grade = 1 + 9 ×
// (0.6·F1 + 0.2·count accuracy) / 0.8): Anna finds all 8 → F1 1.00, grade
// 10.0; Bram 6 of 8 → F1 12/14 = 0.86, grade 8.5; Chloé's Checkout is 4 s
// late → a miss and an extra at 3 s (F1 0.88, grade 9.2), a hit at 5 s (10.0).
const fs = require("node:fs");
const { test, expect } = require("./fixtures");

async function loadDemo(page) {
  await page.goto("/classroom.html");
  await page.getByRole("button", { name: "Use the demo key" }).click();
  await expect(page.locator("#key-status")).toHaveText(/8 touch points/);
  await page.getByRole("button", { name: "Load 5 demo students" }).click();
  await expect(page.locator("#grades tbody tr")).toHaveCount(5);
}

const row = (page, name) => page.locator("#grades tbody tr", { has: page.getByRole("button", { name, exact: true }) });

test("key + 5 students → grades, CSV, tolerance, detail", async ({ page }) => {
  await loadDemo(page);
  // Best first.
  await expect(page.locator("#grades tbody tr").first().locator("td.student")).toHaveText("Anna");
  await expect(row(page, "Anna").locator("td.grade .grade-value")).toHaveText("10.0");
  await expect(row(page, "Anna").locator("td.f1")).toHaveText("1.00");
  await expect(row(page, "Bram").locator("td.grade .grade-value")).toHaveText("8.5");
  await expect(row(page, "Bram").locator("td.f1")).toHaveText("0.86");
  await expect(row(page, "Chloé").locator("td.grade .grade-value")).toHaveText("9.2");
  // Most missed first: Friend recommendation (58 s) is missed by Bram and Eva.
  await expect(page.locator("#touchpoints tbody tr").first()).toContainText("Friend recommendation");
  await expect(page.locator("#touchpoints tbody tr").first()).toContainText("3 / 5 (60%)");
  await expect(page.locator("#agreement-method")).toContainText("Fleiss");
  await expect(page.locator("#chart-consensus svg title").first()).toContainText("Consensus timeline");

  // CSV: header + 5 rows.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download grades (CSV)" }).click()]);
  expect(download.suggestedFilename()).toBe("grades.csv");
  const csv = fs.readFileSync(await download.path(), "utf8");
  const lines = csv.split("\r\n").filter((l) => l !== "");
  expect(lines).toHaveLength(6);
  expect(lines[0].replace(/^\uFEFF/, "")).toMatch(/^student,grade,score,f1,/);
  expect(lines).toContain("Anna,10.0,1.000,1.000,1.000,1.000,8,0,0,8,8,0,1.000,0.65,0.65,");

  // Student detail and feedback.
  await page.getByRole("button", { name: "Chloé", exact: true }).click();
  await expect(page.locator("#detail-title")).toHaveText("Chloé: grade 9.2");
  // The key's one-second cues are moments: one time each.
  await expect(page.locator("#detail-body .missed")).toContainText("00:30 Checkout");
  await expect(page.locator("#detail-body .extra")).toContainText("00:34 Checkout");
  const [fb] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download feedback (.txt)" }).click()]);
  expect(fs.readFileSync(await fb.path(), "utf8")).toContain("Feedback for Chloé");
  await page.screenshot({ path: "screenshots/classroom.png", fullPage: true });

  // Tolerance 5 s: Chloé's late Checkout counts.
  await page.locator("#tolerance").fill("5");
  await expect(row(page, "Chloé").locator("td.grade .grade-value")).toHaveText("10.0");
  await expect(row(page, "Chloé").locator("td.f1")).toHaveText("1.00");
  // Weights: F1 only → Bram's grade = 1 + 9 × 12/14 = 8.7.
  await page.locator('input[name="w-count"]').fill("0");
  await expect(row(page, "Bram").locator("td.grade .grade-value")).toHaveText("8.7");
  await expect(page.locator("#formula")).toContainText("F1");

  // Sorting by name ascending.
  await page.getByRole("button", { name: "Sort by Student" }).click();
  await expect(page.locator("#grades tbody tr td.student")).toHaveText(["Anna", "Bram", "Chloé", "Daan", "Eva"]);
});

test("hostile names show literally; a bad student file does not stop the class", async ({ page }) => {
  await loadDemo(page);
  const hostile = "<img src=x onerror=alert(1)>";
  const vtt = `WEBVTT\n\nNOTE\nobserver: &lt;img src=x onerror=alert(1)&gt;\n\n1\n00:00:09.000 --> 00:00:10.000\n${"&lt;img src=x onerror=alert(1)&gt;"}\n[event: point]\n`;
  await page.locator("#students-input").setInputFiles([
    { name: "hostile.vtt", mimeType: "text/vtt", buffer: Buffer.from(vtt) },
    { name: "broken.vtt", mimeType: "text/vtt", buffer: Buffer.from("this is not an annotation file") },
  ]);
  await expect(page.locator("#grades tbody tr")).toHaveCount(6);
  await expect(page.getByRole("button", { name: hostile, exact: true })).toBeVisible();
  await expect(page.locator("#grades img")).toHaveCount(0);
  await expect(page.locator("#file-problems")).toBeVisible();
  await expect(page.locator("#problem-list")).toContainText("broken.vtt");
  await expect(page.locator("#problem-list")).toContainText("left out");
  await page.getByRole("button", { name: hostile, exact: true }).click();
  // 1 mark, an extra: F1 0, count accuracy 1 − 7/8 → 1 + 9 × (0.2 × 0.125) / 0.8 = 1.28 → 1.3.
  await expect(page.locator("#detail-title")).toHaveText(`${hostile}: grade 1.3`);
  await expect(page.locator("#detail-body .extra")).toContainText(hostile);
  await expect(page.locator("img")).toHaveCount(0);
});

test("exercise link: decode(encode(x)) == x and the link opens the annotator", async ({ page }) => {
  await loadDemo(page);
  const roundTrip = await page.evaluate(async () => {
    const { encodeExercise, decodeExercise } = await import("/js/classroom/share.js");
    const x = {
      title: "Tel de touchpoints — “Chloé” <img src=x> & 😀",
      video: "samples/demo-journey.webm",
      palette: [{ name: "Instagram ad", classes: { kind: "mass-communication" } }, "a=b&c#d", { name: "Store visit", state: true }],
      key: [{ start: 8, end: 9, touchpoint: "Instagram ad" }, { start: 15.5, touchpoint: "a=b&c#d" }],
    };
    const encoded = encodeExercise(x);
    let bad = "";
    try {
      decodeExercise("%%%");
    } catch (e) {
      bad = e.message;
    }
    return { x, back: decodeExercise(encoded), urlSafe: /^[A-Za-z0-9_-]+$/.test(encoded), bad };
  });
  expect(roundTrip.back).toEqual(roundTrip.x);
  expect(roundTrip.urlSafe).toBe(true);
  expect(roundTrip.bad).toContain("base64url");

  // The page's link: palette only, then with answers.
  await page.getByRole("button", { name: "Make the link" }).click();
  const link = await page.locator("#share-link").inputValue();
  const url = new URL(link);
  expect(url.pathname).toBe("/annotate.html");
  expect(url.hash).toMatch(/^#exercise=[A-Za-z0-9_-]+$/);
  const decode = (href) =>
    page.evaluate(async (h) => {
      const { exerciseFromHash } = await import("/js/exercise-link.js");
      return exerciseFromHash(new URL(h).hash);
    }, href);
  const payload = await decode(link);
  expect(payload.video).toBe("samples/demo-journey.webm");
  expect(payload.title).toBe("Count the touch points in the video");
  expect(payload.palette.map((p) => (typeof p === "string" ? p : p.name))).toEqual([
    "Instagram ad",
    "Store window",
    "Fitting room",
    "Checkout",
    "Order confirmation email",
    "Loyalty app",
    "Product review",
    "Friend recommendation",
  ]);
  expect(payload.key).toBeUndefined();
  await page.getByLabel("Include the answers (for checking, not for students)").check();
  const withKey = await decode(await page.locator("#share-link").inputValue());
  expect(withKey.key).toHaveLength(8);
  // The key's marks as graded: its one-second cues are moments (no end).
  expect(withKey.key[0]).toEqual({ start: 8, touchpoint: "Instagram ad" });
  expect(withKey.settings).toEqual({ tolerance: 3, moment_seconds: 1 });
  // The link opens the annotator ready for the exercise: title, the key's names as keys 1–8, the video.
  await page.addInitScript(() => localStorage.setItem("touchpoints.annotate.v1.observer", JSON.stringify("Anna")));
  await page.getByLabel("Include the answers (for checking, not for students)").uncheck();
  await page.goto(await page.locator("#share-link").inputValue());
  expect(page.url()).toContain("/annotate.html#exercise=");
  await expect(page.locator("h1")).toHaveText("Count the touch points in the video");
  await expect(page.locator("#palette li")).toHaveCount(8);
  await expect(page.locator("#palette li").nth(5)).toContainText("Loyalty app");
  await expect(page.locator("#length")).toHaveText("1:08.0");
});
