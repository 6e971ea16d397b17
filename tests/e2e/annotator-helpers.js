// Helpers shared by the annotator specs.

/** Pauses the demo video and seeks it to `time` seconds (waits for the seek). */
async function seek(page, time) {
  await page.evaluate(async (time) => {
    const v = document.getElementById('video');
    v.pause();
    if (Math.abs(v.currentTime - time) < 1e-6) return;
    await new Promise((resolve) => {
      v.addEventListener('seeked', resolve, { once: true });
      v.currentTime = time;
    });
  }, time);
}

module.exports = { seek };
