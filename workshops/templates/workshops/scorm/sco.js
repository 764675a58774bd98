/* SCORM 1.2 runtime for this package: finds the LMS's API, grades the final with the same
   rules as the platform (assessments/scoring.py) and reports status, score and interactions. */
(function () {
  "use strict";

  function findAPI(start) {
    var win = start;
    for (var hops = 0; win && hops < 10; hops += 1) {
      if (win.API) { return win.API; }
      if (win.parent && win.parent !== win) { win = win.parent; } else { break; }
    }
    return start.opener ? findAPI(start.opener) : null;
  }

  var api = findAPI(window);
  var data = JSON.parse(document.getElementById("quiz-data").textContent);
  var started = new Date();

  function call(name) {
    if (!api) { return ""; }
    var args = Array.prototype.slice.call(arguments, 1);
    return api[name].apply(api, args);
  }

  function sessionTime() {
    var seconds = Math.round((new Date() - started) / 1000);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(Math.floor(seconds / 3600)) + ":" + two(Math.floor(seconds / 60) % 60) + ":" + two(seconds % 60);
  }

  function selected(form, question) {
    if (question.type === "matching") {
      var chosen = {};
      question.pairs.forEach(function (pair) {
        var field = form.elements[question.id + ":" + pair];
        chosen[pair] = field ? field.value : "";
      });
      return chosen;
    }
    return Array.prototype.filter.call(
      form.querySelectorAll('input[name="' + question.id + '"]'),
      function (input) { return input.checked; }
    ).map(function (input) { return input.value; });
  }

  function score(question, answer) {
    var points = question.points;
    if (question.type === "matching") {
      var right = question.pairs.filter(function (pair) { return answer[pair] === pair; }).length;
      return question.pairs.length ? points * right / question.pairs.length : 0;
    }
    var correct = question.correct;
    var exact = answer.length === correct.length && answer.every(function (id) { return correct.indexOf(id) >= 0; });
    if (question.type !== "multiple_select" || question.scoring !== "partial") {
      return exact ? points : 0;
    }
    var share = points / correct.length;
    var earned = answer.reduce(function (sum, id) { return sum + (correct.indexOf(id) >= 0 ? share : -share); }, 0);
    return Math.max(0, earned);
  }

  function response(question, answer) {
    if (question.type === "matching") {
      return question.pairs.map(function (pair) { return pair + "." + (answer[pair] || ""); }).join(",");
    }
    return answer.join(",");
  }

  function pattern(question) {
    if (question.type === "matching") {
      return question.pairs.map(function (pair) { return pair + "." + pair; }).join(",");
    }
    return question.correct.join(",");
  }

  call("LMSInitialize", "");
  if (call("LMSGetValue", "cmi.core.lesson_status") === "not attempted") {
    call("LMSSetValue", "cmi.core.lesson_status", "incomplete");
  }

  var form = document.getElementById("quiz");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var earned = 0;
      var total = 0;
      data.questions.forEach(function (question, index) {
        var answer = selected(form, question);
        var points = score(question, answer);
        earned += points;
        total += question.points;
        var prefix = "cmi.interactions." + index + ".";
        call("LMSSetValue", prefix + "id", question.id);
        call("LMSSetValue", prefix + "type", question.type === "matching" ? "matching" : "choice");
        call("LMSSetValue", prefix + "correct_responses.0.pattern", pattern(question));
        call("LMSSetValue", prefix + "student_response", response(question, answer));
        call("LMSSetValue", prefix + "result", points === question.points ? "correct" : "wrong");
        call("LMSSetValue", prefix + "weighting", String(question.points));
      });
      var percent = total ? Math.round(100 * earned / total) : 0;
      var passed = percent >= data.passMark;
      call("LMSSetValue", "cmi.core.score.min", "0");
      call("LMSSetValue", "cmi.core.score.max", "100");
      call("LMSSetValue", "cmi.core.score.raw", String(percent));
      call("LMSSetValue", "cmi.core.lesson_status", passed ? "passed" : "failed");
      call("LMSSetValue", "cmi.core.session_time", sessionTime());
      call("LMSCommit", "");
      var result = document.getElementById("result");
      result.textContent = result.getAttribute(passed ? "data-passed" : "data-failed")
        .replace("%(score)s", percent).replace("%%", "%");
      result.hidden = false;
      form.querySelector("button").disabled = true;
    });
  }

  window.addEventListener("pagehide", function () {
    call("LMSSetValue", "cmi.core.session_time", sessionTime());
    call("LMSFinish", "");
  });
}());
