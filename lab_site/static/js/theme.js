/*
 * Light and dark themes. The page follows the visitor's system setting until
 * they press the toggle; their choice is then remembered in localStorage.
 * Loaded in <head> (not deferred) so the stored theme applies before paint.
 */
(function () {
  "use strict";
  var KEY = "lab-site-theme";
  var root = document.documentElement;
  var systemDark = window.matchMedia("(prefers-color-scheme: dark)");

  function stored() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (error) {
      return null;
    }
  }

  function apply(theme) {
    if (theme === "light" || theme === "dark") {
      root.setAttribute("data-theme", theme);
    } else {
      root.removeAttribute("data-theme");
    }
  }

  function current() {
    return root.getAttribute("data-theme") || (systemDark.matches ? "dark" : "light");
  }

  apply(stored());
  root.classList.remove("no-js");

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) {
      return;
    }
    function label() {
      var next = current() === "dark" ? "light" : "dark";
      button.setAttribute("aria-label", "Switch to " + next + " theme");
      button.setAttribute("title", "Switch to " + next + " theme");
    }
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      apply(next);
      try {
        window.localStorage.setItem(KEY, next);
      } catch (error) {
        /* Private browsing: the choice lasts for this page only. */
      }
      label();
    });
    systemDark.addEventListener("change", label);
    label();
    button.hidden = false;
  });
})();
