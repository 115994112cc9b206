// The clinic desk's pages on a tablet. Everything here is an extra: the pages work without it.
// 1. The queue (#queue[data-fs-refresh]) re-fetches itself every N seconds while nobody is typing.
// 2. The check-in page's scan button reads the confirmation QR code with BarcodeDetector, where the
//    browser has it and a camera; elsewhere the button stays hidden and the code is typed.
(function () {
  "use strict";

  var queue = document.querySelector("[data-fs-refresh]");
  if (queue && window.fetch && window.DOMParser) {
    var seconds = parseInt(queue.getAttribute("data-fs-refresh"), 10) || 25;
    var busy = function () {
      var active = document.activeElement;
      if (active && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName)) {
        return true;
      }
      var search = document.getElementById("q");
      return !!(search && search.value !== search.defaultValue);
    };
    window.setInterval(function () {
      if (document.hidden || busy()) {
        return;
      }
      fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html || busy()) {
            return;
          }
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("queue");
          if (fresh) {
            queue.innerHTML = fresh.innerHTML;
          }
        })
        .catch(function () { /* offline for a moment: the next round tries again */ });
    }, seconds * 1000);
  }

  var scan = document.querySelector("[data-fs-scan]");
  if (scan && "BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    var input = document.getElementById(scan.getAttribute("data-fs-scan"));
    var start = scan.querySelector("[data-fs-scan-start]");
    var video = scan.querySelector("[data-fs-scan-video]");
    var status = scan.querySelector("[data-fs-scan-status]");
    var stream = null;
    var stop = function () {
      if (stream) {
        stream.getTracks().forEach(function (t) { t.stop(); });
        stream = null;
      }
      video.hidden = true;
      start.textContent = "Scan the QR code";
    };
    // A confirmation QR code holds the code itself or a link ending in it: keep the last run of letters and digits.
    var codeOf = function (text) {
      var runs = String(text).toUpperCase().match(/[A-Z0-9]{6,20}/g);
      return runs ? runs[runs.length - 1] : "";
    };
    window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") < 0) {
        return;
      }
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      scan.hidden = false;
      start.addEventListener("click", function () {
        if (stream) {
          stop();
          status.textContent = "";
          return;
        }
        navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
          stream = s;
          video.srcObject = s;
          video.hidden = false;
          start.textContent = "Stop scanning";
          status.textContent = "Hold the QR code in front of the camera.";
          return video.play().then(function look() {
            if (!stream) {
              return;
            }
            detector.detect(video).then(function (codes) {
              var code = codes.length ? codeOf(codes[0].rawValue) : "";
              if (code) {
                input.value = code;
                stop();
                status.textContent = "Code read. Now ask for the date of birth.";
                var dob = document.getElementById("DateOfBirth");
                if (dob) { dob.focus(); }
              } else {
                window.setTimeout(look, 250);
              }
            }).catch(function () { window.setTimeout(look, 500); });
          });
        }).catch(function () {
          stop();
          status.textContent = "The camera is not available. Type the code instead.";
        });
      });
    }).catch(function () { /* no scanning: the typed code works */ });
  }
}());
