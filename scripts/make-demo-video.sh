#!/usr/bin/env bash
# Renders the demo video www/samples/demo-journey.webm (a captioned fashion-store customer
# journey, 68 s, 640x360, 10 fps, VP8, no audio) and its answer key
# www/samples/demo-journey.key.vtt (one 1-second cue per touch point, at the moment the
# touch point appears on screen).
#
# Needs: ffmpeg with libvpx and libfreetype (Debian: apt-get install -y ffmpeg) and the DejaVu
# font (Debian: fonts-dejavu-core). Run from anywhere: scripts/make-demo-video.sh
#
# Deterministic and idempotent: fixed scene table, single-threaded encoder, bit-exact muxing,
# no metadata; every run rewrites both files with the same bytes (given the same ffmpeg build).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT_DIR="$ROOT/www/samples"
VIDEO="$OUT_DIR/demo-journey.webm"
KEY="$OUT_DIR/demo-journey.key.vtt"
FONT="${FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf}"
FONT_BOLD="${FONT_BOLD:-/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf}"

command -v ffmpeg >/dev/null || { echo "ffmpeg not found (apt-get install -y ffmpeg)" >&2; exit 1; }
[ -r "$FONT" ] || { echo "font $FONT not found (apt-get install -y fonts-dejavu-core)" >&2; exit 1; }
[ -r "$FONT_BOLD" ] || FONT_BOLD="$FONT"

DURATION=68
FPS=10

# Scene table: start|end|background|touch point|time it appears (s)|caption (\n = new line)
# The title (0-6 s) and the end card (62-68 s) have no touch point.
SCENES=(
  "0|6|0x1e2a44|||A day with Maya\nA fashion-store customer journey in 8 scenes"
  "6|13|0x5b2a86|Instagram ad|8.0|Scene 1 — Maya scrolls her phone and sees\nan Instagram ad for the new collection"
  "13|20|0x2f5d50|Store window|15.5|Scene 2 — On her way home she stops\nat the store window"
  "20|27|0x7a4b2a|Fitting room|21.5|Scene 3 — Inside, she tries on two dresses\nin the fitting room"
  "27|34|0x24506e|Checkout|30.0|Scene 4 — She pays for one dress\nat the checkout: 59.95 EUR"
  "34|41|0x3b3b58|Order confirmation email|36.0|Scene 5 — At home, the order confirmation email\nfor her dress arrives"
  "41|48|0x1f6b3a|Loyalty app|43.5|Scene 6 — She scans her receipt in the loyalty app\nand earns 60 points"
  "48|55|0x6e2439|Product review|50.0|Scene 7 — A week later she writes\na 5-star product review"
  "55|62|0x80621c|Friend recommendation|58.0|Scene 8 — Over coffee she tells her friend Sara\nabout the store"
  "62|68|0x1e2a44|||The end\nHow many touch points did you count?"
)

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# ---- filter graph -------------------------------------------------------------------------
F="$TMP/filter.txt"
: >"$F"
emit() { printf '%s,\n' "$1" >>"$F"; }
on() { printf "enable='gte(t,%s)*lt(t,%s)'" "$1" "$2"; }                   # visible in [a, b)
box() { emit "drawbox=x=$1:y=$2:w=$3:h=$4:color=$5:t=fill:$(on "$6" "$7")"; } # x y w h colour from to
label() { # file-id text x y size colour from to [font]
  printf '%b' "$2" >"$TMP/$1.txt"
  emit "drawtext=fontfile=${9:-$FONT_BOLD}:textfile=$TMP/$1.txt:x=$3:y=$4:fontsize=$5:fontcolor=$6:line_spacing=6:expansion=none:$(on "$7" "$8")"
}

i=0
for row in "${SCENES[@]}"; do
  IFS='|' read -r a b bg tp at caption <<<"$row"
  box 0 0 640 360 "$bg" "$a" "$b"
  case $i in
    0) box 220 40 200 150 0xffffff@0.15 "$a" "$b"; label s0 'TOUCH\nPOINTS' '(w-text_w)/2' 80 34 white "$a" "$b" ;;
    1) # phone; the ad card appears at $at
       box 250 30 140 220 0x111111 "$a" "$b"; box 258 44 124 186 0xf4f4f4 "$a" "$b"
       box 264 60 112 120 0xe1306c "$at" "$b"; label s1 'NEW\nCOLLECTION\n−20 %' 271 78 14 white "$at" "$b" ;;
    2) # shop front; the window display appears at $at
       box 110 30 420 220 0x6b4a2f "$a" "$b"; box 130 50 380 30 0x222222 "$a" "$b"
       label s2a 'MAISON MODE' '(w-text_w)/2' 55 20 white "$a" "$b"
       box 140 95 230 145 0xbfe3f2 "$a" "$b"; box 390 95 110 155 0x3a2a1c "$a" "$b"
       box 160 120 40 110 0xe1306c "$at" "$b"; box 225 110 40 120 0xf2c14e "$at" "$b"; box 290 125 40 105 0x5b2a86 "$at" "$b"
       label s2b 'SPRING 26' 190 98 16 0x222222 "$at" "$b" ;;
    3) # two cabins; a curtain opens at $at
       box 120 30 180 220 0xb03a2e "$a" "$b"; box 340 30 180 220 0xb03a2e "$a" "$b"
       box 340 30 180 220 0xf3e9dc "$at" "$b"; box 350 30 30 220 0xb03a2e "$at" "$b"
       box 410 70 60 150 0x2f5d50 "$at" "$b"; label s3 '2 dresses' 395 228 16 0x222222 "$at" "$b" ;;
    4) # counter and till; the receipt appears at $at
       box 80 170 480 80 0x3a2a1c "$a" "$b"; box 380 100 120 70 0x222222 "$a" "$b"
       box 150 40 150 180 0xffffff "$at" "$b"; label s4 'RECEIPT\n\n1 dress\n59.95 EUR' 165 55 18 0x222222 "$at" "$b" ;;
    5) # laptop; the e-mail appears at $at
       box 150 30 340 200 0x111111 "$a" "$b"; box 160 40 320 180 0xdde6ee "$a" "$b"; box 110 230 420 18 0x555555 "$a" "$b"
       box 190 60 260 140 0xffffff "$at" "$b"; box 190 60 260 30 0x24506e "$at" "$b"
       label s5 'Your order is confirmed\nOrder 26-0412\n1 dress · 59.95 EUR' 200 100 15 0x222222 "$at" "$b" ;;
    6) # phone; the app screen appears at $at
       box 250 30 140 220 0x111111 "$a" "$b"; box 258 44 124 186 0xf4f4f4 "$a" "$b"
       box 258 44 124 186 0x2ecc71 "$at" "$b"; label s6 '+60\npoints' '(w-text_w)/2' 95 30 white "$at" "$b" ;;
    7) # review card; the stars appear at $at
       box 140 40 360 190 0xffffff "$a" "$b"; label s7a 'Your review' 160 55 20 0x222222 "$a" "$b"
       label s7b '★★★★★' 170 100 48 0xf2b01e "$at" "$b" "$FONT"
       label s7c '"Fits perfectly!"' 170 170 18 0x222222 "$at" "$b" ;;
    8) # two friends; the speech bubble appears at $at
       box 150 110 70 70 0xf2c9a0 "$a" "$b"; box 135 180 100 70 0xe1306c "$a" "$b"
       box 420 110 70 70 0xd9a77c "$a" "$b"; box 405 180 100 70 0x24506e "$a" "$b"
       box 200 30 240 60 0xffffff "$at" "$b"; label s8 'You should try it!' 220 50 18 0x222222 "$at" "$b" ;;
    9) box 220 40 200 150 0xffffff@0.15 "$a" "$b"; label s9 '?' '(w-text_w)/2' 60 90 white "$a" "$b" ;;
  esac
  # caption band
  box 0 262 640 98 0x000000@0.55 "$a" "$b"
  label "c$i" "$caption" '(w-text_w)/2' 280 22 white "$a" "$b" "$FONT"
  i=$((i + 1))
done
# timecode (top right), always on
printf '%s\n' "drawbox=x=498:y=8:w=134:h=28:color=0x000000@0.6:t=fill,drawtext=fontfile=$FONT:text='%{pts\:hms}':x=506:y=13:fontsize=16:fontcolor=white,format=yuv420p" >>"$F"

# ---- encode -------------------------------------------------------------------------------
mkdir -p "$OUT_DIR"
ffmpeg -hide_banner -loglevel error -y -threads 1 \
  -f lavfi -i "color=c=black:s=640x360:r=$FPS:d=$DURATION" \
  -filter_script:v "$F" \
  -an -c:v libvpx -threads 1 -deadline good -cpu-used 0 -b:v 160k -crf 12 -g 100 -auto-alt-ref 0 \
  -map_metadata -1 -fflags +bitexact -flags:v +bitexact \
  -f webm "$TMP/demo.webm"
mv "$TMP/demo.webm" "$VIDEO"

# ---- answer key ---------------------------------------------------------------------------
ts() { # seconds (decimal) -> HH:MM:SS.mmm
  awk -v s="$1" 'BEGIN { ms = int(s * 1000 + 0.5); printf "%02d:%02d:%02d.%03d", ms / 3600000, (ms / 60000) % 60, (ms / 1000) % 60, ms % 1000 }'
}
{
  printf 'WEBVTT\n\n'
  printf 'NOTE\nAnswer key for demo-journey.webm (made by scripts/make-demo-video.sh).\n'
  printf 'One 1-second cue per touch point, starting when it appears on screen;\n'
  printf 'cue text = touch point name as in the retail preset. %s touch points.\n' \
    "$(printf '%s\n' "${SCENES[@]}" | awk -F'|' '$4 != ""' | wc -l)"
  n=0
  for row in "${SCENES[@]}"; do
    IFS='|' read -r a b bg tp at caption <<<"$row"
    [ -n "$tp" ] || continue
    n=$((n + 1))
    end=$(awk -v s="$at" 'BEGIN { print s + 1 }')
    printf '\ntp%d\n%s --> %s\n%s\n' "$n" "$(ts "$at")" "$(ts "$end")" "$tp"
  done
} >"$TMP/key.vtt"
mv "$TMP/key.vtt" "$KEY"

ls -l "$VIDEO" "$KEY"
