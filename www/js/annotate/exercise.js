// The classroom link: an exercise in the address (#exercise=<base64url JSON>,
// docs/exercise-link.md) and its video: opened when it is a path of this site,
// offered behind the privacy note when it is a YouTube or Vimeo link, else named
// to the student, who is told when the video they open is another one.
import { t } from "../i18n.js";
import { exerciseFromHash, providerName, videoLinkLabel as linkLabel } from "../exercise-link.js";

const $ = (id) => document.getElementById(id);

/** `path` when it is a video path of this site (opened by itself), else null. */
export function safeVideoPath(path) {
  if (typeof path !== "string" || !path) return null;
  try {
    const url = new URL(path, location.href);
    return url.origin === location.origin ? path : null;
  } catch {
    return null;
  }
}

/**
 * `state`: the annotator's state (core, exercise, exerciseLink); `openUrl(path)`: opens
 * a video of this site; `offerProvider(link)`: the privacy note for a YouTube or Vimeo
 * link. Returns `{readExercise, showExerciseVideo, checkExerciseVideo}`.
 */
export function exerciseSection({ state, openUrl, offerProvider, showError }) {
  function readExercise() {
    try {
      return exerciseFromHash(location.hash.replace(/=+(?=&|$)/, ""));
    } catch (e) {
      showError(t("annotate.exerciseError", { message: e.message }));
      return null;
    }
  }

  /**
   * The exercise's video: a path of this site opens by itself; a file name or
   * a link to another site is named to the student, who opens it; an exercise
   * naming no video says so. The demo video is not offered (it is not this
   * exercise's video).
   */
  function showExerciseVideo(exercise) {
    $("use-demo").hidden = true;
    const box = $("exercise-video");
    box.hidden = false;
    box.replaceChildren();
    const path = safeVideoPath(exercise.video);
    if (path) {
      box.textContent = t("annotate.exercise.videoOpens", { video: exercise.video });
      openUrl(path);
      return;
    }
    const named = exercise.video_name || exercise.video || "";
    if (!named) {
      box.textContent = t("annotate.exercise.noVideo");
      return;
    }
    let provider = null;
    try {
      provider = state.core.videoLink(named);
    } catch (e) {
      box.textContent = t("annotate.exercise.badLink", { video: named, message: e.message });
      return;
    }
    if (provider) {
      state.exerciseLink = provider;
      box.textContent = t("annotate.exercise.videoProvider", { video: linkLabel(provider), provider: providerName(provider.provider) });
      offerProvider(provider);
      return;
    }
    const link = /^[a-z][a-z0-9+.-]*:\/\//i.test(named);
    box.append(t(link ? "annotate.exercise.videoLink" : "annotate.exercise.videoFile", { video: named }));
    if (link) {
      const use = document.createElement("button");
      use.type = "button";
      use.textContent = t("annotate.exercise.useLink");
      use.addEventListener("click", () => {
        $("video-url").value = named;
        $("video-url").focus();
      });
      box.append(" ", use);
    }
  }

  /**
   * Says so when the student opens another video than the exercise names
   * (`link`: the opened YouTube or Vimeo video; such videos compare by id).
   */
  function checkExerciseVideo(opened, link = null) {
    const named = state.exercise?.video_name;
    if (!named) return;
    const base = (x) => decodeURIComponent(String(x).split(/[?#]/)[0].split(/[\\/]/).pop() || "").toLowerCase();
    const box = $("exercise-video");
    box.querySelector(".exercise-other")?.remove();
    const wanted = state.exerciseLink;
    if (wanted || link ? wanted?.key === link?.key : base(named) === base(opened)) return;
    const warn = document.createElement("strong");
    warn.className = "exercise-other";
    warn.textContent = wanted || link ? t("annotate.exercise.otherProvider", { video: wanted ? linkLabel(wanted) : named }) : t("annotate.exercise.otherVideo", { opened: base(opened), video: named });
    box.append(" ", warn);
  }

  return { readExercise, showExerciseVideo, checkExerciseVideo };
}
