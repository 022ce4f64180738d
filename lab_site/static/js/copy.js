/* "Copy BibTeX": copies the text of the element named by data-copy-target. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var status = document.querySelector("[data-copy-status]");
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      if (!navigator.clipboard) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy-target"));
        navigator.clipboard.writeText(source.textContent).then(
          function () {
            if (status) status.textContent = "Copied.";
          },
          function () {
            if (status) status.textContent = "Could not copy; select the text instead.";
          }
        );
      });
    });
  });
})();
